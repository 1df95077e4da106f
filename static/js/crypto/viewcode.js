// View codes: the code of one opening of one item, shown on its watermark and hidden in its text
// (docs/protocol/v2.md, "View codes"). Ten symbols of Crockford's base32, shown XXXXX-XXXXX;
// typed back from a photo, they forgive case, spaces, dashes and the look-alikes O, I and L. The
// mark hidden in a text carries the code's 50 bits and a CRC-10 of them. Mirrors crypto/viewcode.py.

export const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"; // Crockford's base32: no I, L, O, U
export const SYMBOLS = 10;
const SYMBOL_BITS = 5;
const CODE_BITS = SYMBOLS * SYMBOL_BITS;
const CRC_BITS = 10;
const CRC_POLY = 0x233; // CRC-10/ATM: x^10 + x^9 + x^5 + x^4 + x + 1
export const MARK_BITS = CODE_BITS + CRC_BITS;
// What a person may type for a symbol that looks the same.
const CONFUSABLE = { O: "0", I: "1", L: "1" };
const IGNORED = /[ \t\n\r-]/g;

const shown = (raw) => `${raw.slice(0, 5)}-${raw.slice(5)}`;

/** The code in its shown form, from what a person typed or read off a copy; null if it cannot be one. */
export function normalizeViewCode(typed) {
  const raw = String(typed)
    .toUpperCase()
    .replace(IGNORED, "")
    .replace(/[OIL]/g, (c) => CONFUSABLE[c]);
  if (raw.length !== SYMBOLS || [...raw].some((c) => !ALPHABET.includes(c))) return null;
  return shown(raw);
}

/** CRC-10/ATM of a string of "0" and "1", bit by bit (60 bits at most: speed does not matter). */
export function crc10(bits) {
  let reg = 0;
  for (const b of bits) {
    const top = ((reg >> (CRC_BITS - 1)) & 1) ^ Number(b === "1");
    reg = (reg << 1) & ((1 << CRC_BITS) - 1);
    if (top) reg ^= CRC_POLY;
  }
  return reg;
}

/** The 60 bits a hidden mark carries for `code`: its symbols' bits, then their CRC-10. */
export function markBits(code) {
  const normalized = normalizeViewCode(code);
  if (normalized === null) throw new TypeError("not a view code");
  const bits = [...normalized.replace("-", "")].map((c) => ALPHABET.indexOf(c).toString(2).padStart(SYMBOL_BITS, "0")).join("");
  return bits + crc10(bits).toString(2).padStart(CRC_BITS, "0");
}

/** The code a mark's 60 bits carry, or null if their length or checksum is wrong. */
export function codeFromMarkBits(bits) {
  if (bits.length !== MARK_BITS || /[^01]/.test(bits)) return null;
  const data = bits.slice(0, CODE_BITS);
  if (crc10(data) !== parseInt(bits.slice(CODE_BITS), 2)) return null;
  let raw = "";
  for (let i = 0; i < CODE_BITS; i += SYMBOL_BITS) raw += ALPHABET[parseInt(data.slice(i, i + SYMBOL_BITS), 2)];
  return shown(raw);
}
