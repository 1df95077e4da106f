// Office members: password-derived keys and the wrapped key bundle (PROTOCOL.md section 6).
// Mirrors crypto/member.py. Synchronous: `await ready()` (sodium.js) once before use.

import { b64uDecode, b64uEncode, concatBytes, DOMAIN_TEXT, requireBytes, utf8Decode, utf8Encode } from "./encoding.js";
import { EnvelopeError } from "./errors.js";
import { boxPkFromSk, checkKdf, deriveSeed, MEMBER_FLOOR_MEM, MEMBER_FLOOR_OPS, signPkFromSeed } from "./keys.js";
import { getSodium } from "./sodium.js";

export const SALT_BYTES = 16;
const NONCE_BYTES = 24;
const KEY_BYTES = 32;
const HALF_SEED = 32;
const SEED_BYTES = 64;

/** A member's long-term keys, as held inside the wrapped bundle. */
export class MemberBundle {
  constructor(signSeed, boxSk) {
    if (requireBytes(signSeed, "signSeed").length !== KEY_BYTES || requireBytes(boxSk, "boxSk").length !== KEY_BYTES) {
      throw new TypeError(`bundle keys are ${KEY_BYTES} bytes`);
    }
    this.signSeed = signSeed;
    this.boxSk = boxSk;
    Object.freeze(this);
  }

  get signPk() {
    return signPkFromSeed(this.signSeed);
  }

  get boxPk() {
    return boxPkFromSk(this.boxSk);
  }
}

/**
 * {authSeed, authPk, wrappingKey} from the password (NFKC), the server-kept salt and the
 * office's member_kdf. Below the member floor is refused with ParameterError unless
 * enforceFloor is false (the shared vectors use lighter parameters).
 */
export function passwordKeys(password, salt, kdf, { enforceFloor = true } = {}) {
  if (typeof password !== "string") throw new TypeError("a password is a string");
  if (enforceFloor) checkKdf(kdf, MEMBER_FLOOR_OPS, MEMBER_FLOOR_MEM);
  const seed = deriveSeed(utf8Encode(password.normalize("NFKC")), salt, kdf);
  try {
    const authSeed = seed.slice(0, HALF_SEED);
    return { authSeed, authPk: signPkFromSeed(authSeed), wrappingKey: seed.slice(HALF_SEED, SEED_BYTES) };
  } finally {
    seed.fill(0);
  }
}

function bundleAd(memberId) {
  return concatBytes(utf8Encode(`${DOMAIN_TEXT}bundle\0`), utf8Encode(memberId));
}

export function newBundle() {
  const sodium = getSodium();
  return new MemberBundle(sodium.randombytes_buf(KEY_BYTES), sodium.randombytes_buf(KEY_BYTES));
}

/** Seal the bundle under the wrapping key; the server stores the returned {nonce, ciphertext}. */
export function wrapBundle(bundle, wrappingKey, memberId) {
  return sealBundle(bundle, wrappingKey, bundleAd(memberId));
}

/** The bundle back; any failure (wrong password, another member id, tampering) is one EnvelopeError. */
export function unwrapBundle(wrapped, wrappingKey, memberId) {
  return openBundle(wrapped, wrappingKey, bundleAd(memberId), "the key bundle does not open with this password");
}

/** The bundle as JSON, sealed with XChaCha20-Poly1305 under `key` and `ad`: {nonce, ciphertext}. */
export function sealBundle(bundle, key, ad, nonce = undefined) {
  const sodium = getSodium();
  const n = nonce ?? sodium.randombytes_buf(NONCE_BYTES);
  const plain = utf8Encode(JSON.stringify({ sign_seed: b64uEncode(bundle.signSeed), box_sk: b64uEncode(bundle.boxSk) }));
  try {
    const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, ad, null, n, key);
    return { nonce: b64uEncode(n), ciphertext: b64uEncode(sealed) };
  } finally {
    plain.fill(0);
  }
}

/** The bundle back; any failure is one EnvelopeError saying `failure`. */
export function openBundle(wrapped, key, ad, failure) {
  const sodium = getSodium();
  try {
    const nonce = b64uDecode(wrapped.nonce, NONCE_BYTES);
    const sealed = b64uDecode(wrapped.ciphertext);
    const plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed, ad, nonce, key);
    const fields = JSON.parse(utf8Decode(plain));
    plain.fill(0);
    if (fields === null || typeof fields !== "object" || Array.isArray(fields)) throw new TypeError("not an object");
    return new MemberBundle(b64uDecode(fields.sign_seed, KEY_BYTES), b64uDecode(fields.box_sk, KEY_BYTES));
  } catch (err) {
    throw new EnvelopeError(failure, { cause: err });
  }
}
