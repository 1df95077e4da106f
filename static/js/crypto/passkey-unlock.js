// Unlocking a member's key bundle with a passkey instead of the password (the WebAuthn PRF
// extension; docs/passkeys.md). Mirrors crypto/passkey_unlock.py.

import { concatBytes, h32, requireBytes, taggedV2, utf8Encode } from "./encoding.js";
import { openBundle, sealBundle } from "./member.js";

export const PRF_BYTES = 32;

/** What the page asks the authenticator's PRF to evaluate: it depends on the office and username only. */
export function prfSalt(officeId, username) {
  return h32(taggedV2("passkey-prf", concatBytes(utf8Encode(officeId), new Uint8Array([0]), utf8Encode(username))));
}

function unlockKey(prfOutput) {
  if (requireBytes(prfOutput, "prfOutput").length !== PRF_BYTES) throw new TypeError("a PRF output is 32 bytes");
  return h32(taggedV2("passkey-unlock", prfOutput));
}

function unlockAd(memberId) {
  return taggedV2("passkey-unlock", utf8Encode(memberId));
}

export function wrapForPasskey(bundle, prfOutput, memberId, nonce = undefined) {
  return sealBundle(bundle, unlockKey(prfOutput), unlockAd(memberId), nonce);
}

export function unwrapWithPasskey(wrapped, prfOutput, memberId) {
  return openBundle(wrapped, unlockKey(prfOutput), unlockAd(memberId), "the key bundle does not open with this passkey");
}
