// Challenge signatures for signing in (PROTOCOL.md section 5). Mirrors crypto/auth.py.

import { requireBytes, tagged, utf8Encode } from "./encoding.js";
import { SignatureError } from "./errors.js";
import { signSkFromSeed } from "./keys.js";
import { getSodium } from "./sodium.js";

export const CHALLENGE_BYTES = 32;

/** `D || "auth\0" || office_id || "\0" || challenge`. */
export function authMessage(officeId, challenge) {
  return tagged("auth", utf8Encode(officeId), new Uint8Array([0]), requireBytes(challenge, "challenge"));
}

/** Detached Ed25519 signature of the challenge with the 32-byte signing seed. */
export function signChallenge(signSeed, officeId, challenge) {
  const sk = signSkFromSeed(signSeed);
  try {
    return getSodium().crypto_sign_detached(authMessage(officeId, challenge), sk);
  } finally {
    sk.fill(0);
  }
}

/** Throws SignatureError unless `sig` signs the challenge under `signPk`. */
export function verifyChallenge(signPk, officeId, challenge, sig) {
  const message = authMessage(officeId, challenge);
  let ok = false;
  try {
    ok = getSodium().crypto_sign_verify_detached(sig, message, signPk);
  } catch (err) {
    throw new SignatureError("challenge signature does not verify", { cause: err });
  }
  if (!ok) throw new SignatureError("challenge signature does not verify");
}
