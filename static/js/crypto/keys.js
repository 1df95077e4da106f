// Key names, fingerprints and visitor keys from a codename (PROTOCOL.md sections 2 and 3).
// Mirrors crypto/keys.py. Synchronous: `await ready()` (sodium.js) once before use.

import { b64uEncode, h16, requireBytes, tagged, toHex, utf8Encode } from "./encoding.js";
import { ParameterError } from "./errors.js";
import { getSodium } from "./sodium.js";

// Floors from the spec: clients refuse weaker parameters.
export const VISITOR_FLOOR_OPS = 2;
export const VISITOR_FLOOR_MEM = 19_922_944;
export const MEMBER_FLOOR_OPS = 3;
export const MEMBER_FLOOR_MEM = 64 * 1024 * 1024;
export const CODENAME_WORDS = 8;
export const VISITOR_DEFAULT_KDF = Object.freeze({ ops: 3, mem: 64 * 1024 * 1024 });

const SEED_BYTES = 64;
const HALF_SEED = 32;
const SALT_BYTES = 16;
const FINGERPRINT_GROUP = 4;
// Exactly the characters for which Python's str.isspace() is true (str.split() splits on
// them); JavaScript's \s differs (it has U+FEFF, lacks U+001C-U+001F and U+0085).
const PY_WHITESPACE_RUN = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

/** Throws ParameterError unless `kdf` is {ops, mem} of integers at or above the floor. */
export function checkKdf(kdf, floorOps, floorMem) {
  const { ops, mem } = kdf ?? {};
  if (!Number.isSafeInteger(ops) || !Number.isSafeInteger(mem)) throw new ParameterError("kdf needs integer ops and mem");
  if (ops < floorOps || mem < floorMem) throw new ParameterError(`key derivation below ops=${floorOps}, mem=${floorMem}`);
}

export function kdfAsJson(kdf) {
  return { alg: "argon2id13", ops: kdf.ops, mem: kdf.mem };
}

export function kid(boxPk) {
  return b64uEncode(h16(boxPk));
}

/** Uppercase hex of H16(D || "fingerprint\0" || pk) in groups of four, for people to compare. */
export function fingerprint(boxPk) {
  const hexed = toHex(h16(tagged("fingerprint", requireBytes(boxPk, "boxPk")))).toUpperCase();
  const groups = [];
  for (let i = 0; i < hexed.length; i += FINGERPRINT_GROUP) groups.push(hexed.slice(i, i + FINGERPRINT_GROUP));
  return groups.join(" ");
}

/** NFKC, lowercase, split on runs of white space, join with one space. */
export function normalizeCodename(codename) {
  if (typeof codename !== "string") throw new TypeError("a codename is a string");
  return codename
    .normalize("NFKC")
    .toLowerCase()
    .split(PY_WHITESPACE_RUN)
    .filter((word) => word !== "")
    .join(" ");
}

export function visitorSalt(officeId) {
  return h16(tagged("visitor-salt", utf8Encode(officeId)));
}

/** Argon2id13, 64 bytes out. The floor is the caller's to check (it depends on who derives). */
export function deriveSeed(password, salt, kdf) {
  const sodium = getSodium();
  checkKdf(kdf, 1, sodium.crypto_pwhash_MEMLIMIT_MIN);
  requireBytes(password, "password");
  if (requireBytes(salt, "salt").length !== SALT_BYTES) throw new ParameterError(`a salt is ${SALT_BYTES} bytes`);
  return sodium.crypto_pwhash(SEED_BYTES, password, salt, kdf.ops, kdf.mem, sodium.crypto_pwhash_ALG_ARGON2ID13);
}

/** Ed25519 public key of a 32-byte signing seed. */
export function signPkFromSeed(signSeed) {
  return getSodium().crypto_sign_seed_keypair(requireBytes(signSeed, "signSeed")).publicKey;
}

/** Ed25519 secret key (64 bytes, libsodium's form) of a 32-byte signing seed. */
export function signSkFromSeed(signSeed) {
  return getSodium().crypto_sign_seed_keypair(requireBytes(signSeed, "signSeed")).privateKey;
}

/** X25519 public key of a box secret key. */
export function boxPkFromSk(boxSk) {
  return getSodium().crypto_scalarmult_base(requireBytes(boxSk, "boxSk"));
}

/** {signSeed, signPk, boxSk, boxPk} from a 64-byte seed: Ed25519 from the first half, X25519 from the second. */
export function keysFromSeed(seed) {
  if (requireBytes(seed, "seed").length !== SEED_BYTES) throw new ParameterError(`a seed is ${SEED_BYTES} bytes`);
  const sodium = getSodium();
  const signSeed = seed.slice(0, HALF_SEED);
  const box = sodium.crypto_box_seed_keypair(seed.slice(HALF_SEED, SEED_BYTES));
  return { signSeed, signPk: signPkFromSeed(signSeed), boxSk: box.privateKey, boxPk: box.publicKey };
}

/**
 * The visitor's keys from the codename and the office's visitor_kdf {ops, mem}; parameters below
 * the spec's floor are refused with ParameterError (enforceFloor: false is for tests only).
 */
export function visitorKeys(codename, officeId, kdf, { enforceFloor = true } = {}) {
  if (enforceFloor) checkKdf(kdf, VISITOR_FLOOR_OPS, VISITOR_FLOOR_MEM);
  const normalized = normalizeCodename(codename);
  const seed = deriveSeed(utf8Encode(normalized), visitorSalt(officeId), kdf);
  try {
    return keysFromSeed(seed);
  } finally {
    seed.fill(0);
  }
}
