// The office box key (PROTOCOL.md section 6): drawing a version, and the grants that hand its
// secret half to each member, sealed to the member's own box key. Mirrors crypto/office.py.

import { b64uDecode, b64uEncode, requireBytes } from "./encoding.js";
import { EnvelopeError } from "./errors.js";
import { getSodium } from "./sodium.js";

const KEY_BYTES = 32;
export const GRANT_BYTES = KEY_BYTES + 48; // crypto_box_seal adds an ephemeral key and a MAC

/** A fresh X25519 key pair {boxPk, boxSk}: an office's first key version, or the next at a rotation. */
export function newOfficeKey() {
  const pair = getSodium().crypto_box_keypair();
  return { boxPk: pair.publicKey, boxSk: pair.privateKey };
}

/** The office secret key sealed to a member's box public key, as it travels (b64u). */
export function sealGrant(officeBoxSk, memberBoxPk) {
  return b64uEncode(getSodium().crypto_box_seal(requireBytes(officeBoxSk, "officeBoxSk"), memberBoxPk));
}

/** The office box secret key from a grant; EnvelopeError if it does not open or holds no key. */
export function openGrant(grant, memberBoxPk, memberBoxSk) {
  let officeSk;
  try {
    officeSk = getSodium().crypto_box_seal_open(b64uDecode(grant, GRANT_BYTES), memberBoxPk, memberBoxSk);
  } catch (err) {
    throw new EnvelopeError("the grant does not open with this key", { cause: err });
  }
  if (officeSk.length !== KEY_BYTES) throw new EnvelopeError("the grant does not hold a box key");
  return officeSk;
}
