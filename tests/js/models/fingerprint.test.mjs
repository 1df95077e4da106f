import assert from "node:assert/strict";
import { test } from "node:test";
import { decode, decodeAll, encode, LONGEST_RUN, MIN_PASSAGE, normalizeCode, ONE, START, strip, ZERO } from "../../../static/js/models/fingerprint.js";

const CODE = "7K3QD-M9XTA";
const OTHER = "ZZZZZ-00000";
const INVISIBLE = new Set([ZERO, ONE, START]);

const PROSE =
  "Thank you for writing to us. We read your message carefully, and we understand that the " +
  "meeting on 3 March left you shaken. Nothing you tell us goes into your file; we do not " +
  "report to management. If you wish, we can meet off-site next week (Tuesday or Thursday, " +
  "10:00–12:00), or talk by phone. You decide what happens next — there is no deadline.\n\n" +
  "Please keep this message to yourself: confidentiality runs both ways.";
const TEXTS = {
  prose: PROSE,
  french: "Merci de votre message. Nous comprenons que la réunion du 3 mars a été éprouvante ; rien de ce que vous nous dites ne va dans votre dossier. ".repeat(3),
  arabic: "شكرا على رسالتك. نحن نفهم أن الاجتماع كان صعبا عليك، ولا شيء مما تقوله لنا يذهب إلى ملفك. ".repeat(4),
  cjk: "ご連絡ありがとうございます。三月三日の会議は大変だったと理解しています。あなたが話したことは人事ファイルには入りません。".repeat(4),
  hindi: "आपके संदेश के लिए धन्यवाद। हम समझते हैं कि बैठक कठिन थी, और आप जो कुछ भी हमें बताते हैं वह आपकी फ़ाइल में नहीं जाता। ".repeat(3),
  emoji: "Thanks 👍🏽 for the note 👨‍👩‍👧 — we will call you tomorrow 🇫🇷 and talk it through calmly. ".repeat(4),
  url: "See https://intranet.example.org/policies/respectful-workplace/2024/annex-b?lang=en#section-4.2 and the form at https://forms.example.org/a/very/long/path/that/goes/on/and/on/without/spaces.",
  lines: "Points:\n- one\n- two\n\n\n    indented line with words\n\t\ttabs\n".repeat(5),
  longWords: `${"a".repeat(LONGEST_RUN)} ${"b".repeat(LONGEST_RUN - 5)}   ${"c".repeat(LONGEST_RUN - 3)} `.repeat(4),
};

/** The text as [{inv, ch}]: each visible code point with the invisible characters just before it. */
function cells(marked) {
  const out = [];
  let inv = "";
  for (const ch of marked) {
    if (INVISIBLE.has(ch)) inv += ch;
    else {
      out.push({ inv, ch });
      inv = "";
    }
  }
  return out;
}

/** Visible characters a..b-1 with the marks between them (not the ones at either edge). */
function passage(cs, a, b) {
  return cs
    .slice(a, b)
    .map((c, i) => (i === 0 ? c.ch : c.inv + c.ch))
    .join("");
}

test("encode then decode gives the code back, in any text", () => {
  for (const [name, text] of Object.entries({ ...TEXTS, empty: "", word: "OK", short: "OK, thanks!" })) {
    assert.equal(decode(encode(text, CODE)), CODE, name);
    assert.deepEqual(decodeAll(encode(text, CODE)), [CODE], name);
  }
});

test("the visible text never changes: without the invisible characters it is the original", () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    const marked = encode(text, CODE);
    assert.equal(strip(marked), text, name);
    assert.ok(marked.length > text.length, name);
    // Nothing visible was added: every added character is one of the three invisible ones.
    assert.deepEqual(
      [...marked].filter((c) => !INVISIBLE.has(c)),
      [...text],
      name,
    );
  }
});

test("marks sit only after a visible character, at a word end or beside punctuation, digits, symbols or CJK", () => {
  const safe = /^[\s\p{P}\p{S}\p{N}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
  for (const [name, text] of Object.entries(TEXTS)) {
    const marked = encode(text, CODE);
    for (const found of marked.matchAll(/\u2060[\u200B\u200C]{60}/g)) {
      const before = marked.slice(0, found.index);
      const after = marked.slice(found.index + found[0].length);
      const left = [...before].at(-1);
      assert.ok(left !== undefined && !/\s/u.test(left), `${name}: mark after ${JSON.stringify(left)}`);
      assert.ok(after === "" || safe.test(after) || safe.test(left), `${name}: mark inside ${JSON.stringify(left + after[0])}`);
    }
  }
});

test(`any passage of ${MIN_PASSAGE} characters, cut between any two visible characters, identifies the view`, () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    const cs = cells(encode(text, CODE));
    for (let a = 0; a + MIN_PASSAGE <= cs.length; a++) {
      const piece = passage(cs, a, a + MIN_PASSAGE);
      assert.equal(decode(piece), CODE, `${name} [${a}, ${a + MIN_PASSAGE})`);
    }
  }
});

test(`the same for random texts whose words, with the white space before them, are up to ${LONGEST_RUN} characters`, () => {
  let seed = 20240303;
  const random = (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31; // a fixed sequence: a failure can be replayed
    return seed % n;
  };
  const spaces = [" ", "  ", "\n", "\n\n", "\t", "   "];
  const ends = ["", "", "", ",", ".", "!", ";"];
  for (let round = 0; round < 40; round++) {
    let text = "";
    while ([...text].length < 600) {
      const space = spaces[random(spaces.length)];
      const word = "abcdéfghijklmnopqrstuvwxyzабвгд".slice(random(5)).repeat(3).slice(0, 1 + random(LONGEST_RUN - space.length));
      text += space + word + ends[random(ends.length)];
    }
    const cs = cells(encode(text, CODE));
    for (let a = 0; a + MIN_PASSAGE <= cs.length; a += 3) {
      assert.equal(decode(passage(cs, a, a + MIN_PASSAGE)), CODE, `round ${round} at ${a}: ${JSON.stringify(text)}`);
    }
  }
});

test("truncation at any code unit, even inside a mark or a surrogate pair, still finds the code", () => {
  const marked = encode(TEXTS.prose + TEXTS.emoji, CODE);
  const visible = (s) => [...strip(s)].length;
  let checked = 0;
  for (let start = 0; start < marked.length; start += 13) {
    for (let end = marked.length; end > start; end -= 17) {
      const piece = marked.slice(start, end);
      if (visible(piece) < MIN_PASSAGE + 2) break; // +2: the cut may split a character at each end
      assert.equal(decode(piece), CODE, `[${start}, ${end})`);
      checked++;
    }
  }
  assert.ok(checked > 500, `${checked} passages`);
});

test("a mark cut short is not read as a code", () => {
  const marked = encode("OK", CODE); // "OK" and one mark after it
  for (let cut = 2; cut < marked.length; cut++) assert.equal(decode(marked.slice(0, cut)), null);
  for (let cut = 3; cut < marked.length; cut++) assert.equal(decode(marked.slice(cut)), null);
  assert.equal(decode(marked), CODE);
});

test("survives a mail client's white space collapsing, line wrapping and Unicode normalisation", () => {
  for (const [name, text] of Object.entries(TEXTS)) {
    const marked = encode(text, CODE);
    assert.equal(decode(marked.replace(/\s+/g, " ").trim()), CODE, name);
    assert.equal(decode(marked.replace(/ /g, "\r\n")), CODE, name);
    for (const form of ["NFC", "NFD", "NFKC", "NFKD"]) assert.equal(decode(marked.normalize(form)), CODE, `${name} ${form}`);
  }
});

test("a corrupted mark fails its checksum", () => {
  const marked = encode("OK", CODE);
  const at = marked.indexOf(START) + 1;
  for (let bit = 0; bit < 60; bit++) {
    const i = at + bit;
    const flipped = marked.slice(0, i) + (marked[i] === ZERO ? ONE : ZERO) + marked.slice(i + 1);
    assert.equal(decode(flipped), null, `bit ${bit}`);
  }
});

test("what does not survive: stripping the invisible characters, or retyping", () => {
  const marked = encode(PROSE, CODE);
  assert.equal(decode(strip(marked)), null);
  assert.equal(decode(marked.replace(/\u200B/g, "")), null); // a filter that removes only U+200B
  assert.equal(decode(PROSE), null);
});

test("a code planted in the text by its sender is removed: only the view's code remains", () => {
  const planted = encode(PROSE, OTHER);
  const marked = encode(planted, CODE);
  assert.deepEqual(decodeAll(marked), [CODE]);
  assert.equal(strip(marked), PROSE);
});

test("two views pasted together: both codes, in order", () => {
  assert.deepEqual(decodeAll(encode(PROSE, OTHER) + encode(PROSE, CODE)), [OTHER, CODE]);
});

test("view codes as people type them or read them off a photo", () => {
  assert.equal(normalizeCode("7K3QD-M9XTA"), CODE);
  assert.equal(normalizeCode(" 7k3qd m9xta "), CODE);
  assert.equal(normalizeCode("7K3QDM9XTA"), CODE);
  assert.equal(normalizeCode("OIL00-00000"), "01100-00000");
  assert.equal(normalizeCode("7K3QD-M9XT"), null);
  assert.equal(normalizeCode("7K3QD-M9XTU"), null);
  assert.equal(normalizeCode("7K3QD-M9XTAA"), null);
  assert.throws(() => encode("text", "not a code"), TypeError);
});
