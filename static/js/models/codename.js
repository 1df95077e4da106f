// Codenames (PROTOCOL.md section 3): 8 words drawn uniformly with the CSPRNG from the EFF list.
// DOM-free. The codename is the visitor's only key; it stays in this page's memory.

import { CODENAME_WORDS, normalizeCodename } from "../crypto/index.js";

const WORDLIST_URL = "/static/vendor/wordlist.json";
const MIN_WORDS = 7776; // the spec's floor: 8 words of at least 7,776 give at least 103 bits
const CHECK_WORDS = 2; // how many words the visitor retypes to show they wrote it down
const UINT32_RANGE = 2 ** 32;

let wordlist = null;

/** The word list, fetched once from our own server and checked before any codename is drawn. */
export async function loadWordlist() {
  if (wordlist) return wordlist;
  const response = await fetch(WORDLIST_URL, { credentials: "omit" });
  if (!response.ok) throw new Error("the word list did not load");
  const words = await response.json();
  const ok = Array.isArray(words) && words.length >= MIN_WORDS && new Set(words).size === words.length;
  if (!ok || !words.every((w) => typeof w === "string" && /^[a-z]+(?:-[a-z]+)*$/.test(w))) {
    throw new Error("the word list is not as expected");
  }
  wordlist = { words, known: new Set(words) };
  return wordlist;
}

/**
 * A uniform integer in [0, n): a 32-bit draw is refused when it falls in the last, incomplete
 * block of n values, since keeping it would favour the lowest indexes (modulo bias).
 */
export function uniformIndex(n) {
  if (!Number.isSafeInteger(n) || n < 1 || n > UINT32_RANGE) throw new RangeError("n out of range");
  const limit = UINT32_RANGE - (UINT32_RANGE % n);
  const draw = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(draw);
    if (draw[0] < limit) return draw[0] % n;
  }
}

/** A fresh codename as an array of words. */
export function drawCodename({ words }) {
  return Array.from({ length: CODENAME_WORDS }, () => words[uniformIndex(words.length)]);
}

/** Distinct word positions (0-based, ascending) for the visitor to retype. */
export function pickCheckPositions(count = CHECK_WORDS) {
  const positions = new Set();
  while (positions.size < count) positions.add(uniformIndex(CODENAME_WORDS));
  return [...positions].sort((a, b) => a - b);
}

/** True if the typed word is the codename's word at that position (case and spaces aside). */
export function wordMatches(codenameWords, position, typed) {
  return normalizeCodename(typed) === codenameWords[position];
}

/**
 * What is wrong with a typed codename before any slow key derivation: a wrong number of words
 * or a word not in the list (a typo), named by its position so the secret is not echoed back.
 * Null when it looks right.
 */
export function codenameProblem({ known }, typed) {
  const words = normalizeCodename(typed).split(" ").filter(Boolean);
  if (words.length !== CODENAME_WORDS) {
    return `A codename has ${CODENAME_WORDS} words; you typed ${words.length}.`;
  }
  const unknown = words.findIndex((w) => !known.has(w));
  if (unknown >= 0) return `Word ${unknown + 1} is not one of the codename words: check it for a typo.`;
  return null;
}
