// An invisible fingerprint in a text as shown: the view's code (e.g. "7K3QD-M9XTA"), written in
// zero-width characters and repeated through the text, so that a passage copied out of the
// portal says which opening of which item it came from. DOM-free. docs/confidentiality.md says
// what survives and what does not.
//
// A mark is START, then 60 bits as ZERO/ONE: the code's 10 Crockford base32 symbols (50 bits),
// then a CRC-10 of those bits (the format: static/js/crypto/viewcode.js). The three characters
// are default-ignorable (never drawn), not white space (a mail client that collapses spaces keeps them), skipped by screen readers, and
// left alone by Unicode normalisation. A mark goes right after a visible character, at least
// GAP characters after the previous one, at the first place where it cannot change how letters
// join, ligate or wrap: a word end (just before white space), or beside punctuation, a digit, a
// symbol or a CJK character. The first word end of a text gets one, and so does its end.

import { codeFromMarkBits, MARK_BITS, markBits, normalizeViewCode } from "../crypto/viewcode.js";

export const ZERO = "\u200B"; // ZERO WIDTH SPACE
export const ONE = "\u200C"; // ZERO WIDTH NON-JOINER
export const START = "\u2060"; // WORD JOINER
// Any passage of at least MIN_PASSAGE characters (code points, as shown) holds a whole mark, as
// long as no word (letters without punctuation, digits, symbols or CJK), with the white space
// before it, is longer than LONGEST_RUN: marks are then at most GAP - 1 + LONGEST_RUN apart.
export const MIN_PASSAGE = 120;
export const LONGEST_RUN = 78;

const GAP = 40; // characters from one mark to the next, at least (then at the next safe place)
const OURS = /[\u200B\u200C\u2060]/g;
const SPACE = /^\s/u;
const SAFE = /^[\p{P}\p{S}\p{N}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });

/**
 * A view code in its shown form "XXXXX-XXXXX", from what a person typed or read off a photo
 * (any case, spaces or dashes, O for 0, I or L for 1); null if it cannot be one.
 */
export const normalizeCode = normalizeViewCode;

/** `text` with `code` hidden in it, repeated; what it shows is `text` unchanged. */
export function encode(text, code) {
  const shown = normalizeCode(code);
  if (shown === null) throw new TypeError("not a view code");
  const mark = markOf(shown);
  // Zero-width characters already in the text go: nobody can plant a code that is not the view's.
  const clean = strip(text);
  const out = [];
  let since = 0; // characters since the last mark
  let lastMark = -1; // where in `out` the last mark went
  let visibleEnd = 0; // where in `out` the last visible (not white space) character ends
  let previous = null;
  for (const { segment } of graphemes.segment(clean)) {
    if (previous !== null && !SPACE.test(previous)) {
      const wordEnd = SPACE.test(segment);
      if ((wordEnd || SAFE.test(previous) || SAFE.test(segment)) && (since >= GAP || (wordEnd && lastMark < 0))) {
        lastMark = out.push(mark) - 1;
        since = 0;
      }
    }
    out.push(segment);
    since += [...segment].length;
    if (!SPACE.test(segment)) visibleEnd = out.length;
    previous = segment;
  }
  // The end gets one too, before any white space that trails.
  if (lastMark < 0 || (since > 0 && lastMark !== visibleEnd)) out.splice(visibleEnd, 0, mark);
  return out.join("");
}

/** The first view code hidden in `text` (a whole mark with a good checksum), or null. */
export function decode(text) {
  return decodeAll(text)[0] ?? null;
}

/** Every distinct view code hidden in `text`, in order of first appearance. */
export function decodeAll(text) {
  const codes = [];
  const source = String(text);
  for (let at = source.indexOf(START); at >= 0; at = source.indexOf(START, at + 1)) {
    let end = at + 1;
    while (end < source.length && (source[end] === ZERO || source[end] === ONE)) end++;
    if (end - at - 1 !== MARK_BITS) continue; // cut off, or not one of ours
    const code = codeOf(source.slice(at + 1, end));
    if (code !== null && !codes.includes(code)) codes.push(code);
  }
  return codes;
}

/** `text` without the fingerprint's characters (and without any such character at all). */
export function strip(text) {
  return String(text).replace(OURS, "");
}

function markOf(shown) {
  return START + [...markBits(shown)].map((b) => (b === "1" ? ONE : ZERO)).join("");
}

function codeOf(marks) {
  return codeFromMarkBits([...marks].map((c) => (c === ONE ? "1" : "0")).join(""));
}
