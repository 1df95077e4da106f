// Strict base64url, the domain prefix and the hash shorthands of PROTOCOL.md section 1.
// Mirrors crypto/encoding.py. Base64url is written out here rather than taken from libsodium
// so that decoding stays exactly as strict as the Python side (and works before ready()).

import { DecodeError } from "./errors.js";
import { getSodium } from "./sodium.js";

export const DOMAIN_TEXT = "ombuds-e2e/v1/";
/** `D` of the spec as bytes. Treat as read-only; tagged() keeps its own copy. */
export const DOMAIN = new TextEncoder().encode(DOMAIN_TEXT);
export const DOMAIN_V2_TEXT = "ombuds-e2e/v2/"; // docs/protocol/v2.md: the office log, fingerprints, pins
/** `D2` of docs/protocol/v2.md as bytes. Treat as read-only; taggedV2() keeps its own copy. */
export const DOMAIN_V2 = new TextEncoder().encode(DOMAIN_V2_TEXT);

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B64U = /^[A-Za-z0-9_-]*$/;
const DECODE = new Map([...ALPHABET].map((c, i) => [c, i]));
const H16_BYTES = 16;
const H32_BYTES = 32;
const LE64_BYTES = 8;
const MAX_U64 = (1n << 64n) - 1n;
const LONE_SURROGATE = /\p{Cs}/u; // with the u flag a proper pair is one code point, not Cs
const DOMAIN_COPY = DOMAIN.slice();
const DOMAIN_V2_COPY = DOMAIN_V2.slice();
const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }); // keep a BOM, like Python

/** Throws TypeError unless `value` is a Uint8Array (Node Buffers are). */
export function requireBytes(value, what = "value") {
  if (!(value instanceof Uint8Array)) throw new TypeError(`${what} must be a Uint8Array`);
  return value;
}

export function b64uEncode(data) {
  const bytes = requireBytes(data, "data");
  const out = [];
  for (let i = 0; i < bytes.length; i += 3) {
    const left = bytes.length - i;
    const n = (bytes[i] << 16) | ((left > 1 ? bytes[i + 1] : 0) << 8) | (left > 2 ? bytes[i + 2] : 0);
    out.push(ALPHABET[(n >> 18) & 63], ALPHABET[(n >> 12) & 63]);
    if (left > 1) out.push(ALPHABET[(n >> 6) & 63]);
    if (left > 2) out.push(ALPHABET[n & 63]);
  }
  return out.join("");
}

/**
 * Decode unpadded base64url; anything else (padding, +, /, spaces, a dangling character,
 * non-zero trailing bits) is refused with DecodeError. With `length`, the byte count must match.
 */
export function b64uDecode(text, length = undefined) {
  if (typeof text !== "string" || !B64U.test(text) || text.length % 4 === 1) {
    throw new DecodeError("not unpadded base64url");
  }
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let acc = 0;
  let bits = 0;
  let j = 0;
  for (const c of text) {
    acc = ((acc << 6) | DECODE.get(c)) & 0xffff; // at most 14 bits are ever pending
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[j++] = (acc >> bits) & 0xff;
    }
  }
  // Non-canonical trailing bits would give two spellings of one value.
  if ((acc & ((1 << bits) - 1)) !== 0) throw new DecodeError("not canonical base64url");
  if (length !== undefined && length !== null && out.length !== length) {
    throw new DecodeError(`expected ${length} bytes`);
  }
  return out;
}

/** `n` (a safe integer or a bigint, 0 ≤ n < 2^64) as 8 bytes little-endian. */
export function le64(n) {
  const value = typeof n === "bigint" ? n : Number.isSafeInteger(n) ? BigInt(n) : null;
  if (value === null || value < 0n || value > MAX_U64) throw new RangeError("le64 takes an integer in [0, 2^64)");
  const out = new Uint8Array(LE64_BYTES);
  new DataView(out.buffer).setBigUint64(0, value, true);
  return out;
}

export function h16(data) {
  return getSodium().crypto_generichash(H16_BYTES, requireBytes(data, "data"), null);
}

export function h32(data) {
  return getSodium().crypto_generichash(H32_BYTES, requireBytes(data, "data"), null);
}

export function concatBytes(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + requireBytes(p, "part").length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function taggedWith(domain, tag, parts) {
  if (typeof tag !== "string" || !/^[\x00-\x7f]*$/.test(tag)) throw new TypeError("a tag is ASCII text");
  return concatBytes(domain, encoder.encode(tag), new Uint8Array([0]), ...parts);
}

/** `D || tag || "\0" || parts...`: one domain-separation tag per purpose. */
export function tagged(tag, ...parts) {
  return taggedWith(DOMAIN_COPY, tag, parts);
}

/** `D2 || tag || "\0" || parts...` (docs/protocol/v2.md section 1). */
export function taggedV2(tag, ...parts) {
  return taggedWith(DOMAIN_V2_COPY, tag, parts);
}

/**
 * UTF-8 bytes of `text`. A lone surrogate is refused (DecodeError) rather than silently turned
 * into U+FFFD, which would derive keys from another password than the one typed.
 */
export function utf8Encode(text) {
  if (typeof text !== "string") throw new TypeError("text must be a string");
  if (LONE_SURROGATE.test(text)) throw new DecodeError("text is not well-formed Unicode");
  return encoder.encode(text);
}

/** Text of UTF-8 `bytes`; invalid UTF-8 is refused with DecodeError. */
export function utf8Decode(bytes) {
  requireBytes(bytes, "bytes");
  try {
    return decoder.decode(bytes);
  } catch (err) {
    throw new DecodeError("not UTF-8", { cause: err });
  }
}

export function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function toHex(bytes) {
  return Array.from(requireBytes(bytes, "bytes"), (b) => b.toString(16).padStart(2, "0")).join("");
}
