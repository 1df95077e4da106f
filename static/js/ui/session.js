// Signing in (PROTOCOL.md section 5) and forgetting keys. DOM-free.

import { b64uDecode, b64uEncode, signChallenge } from "../crypto/index.js";

/**
 * Signs a challenge from POST /auth/challenge with `signSeed` and posts it to /auth/session
 * with `fields` (role, sign_pk or username, totp...). Returns the session answer.
 */
export async function answerChallenge(api, officeId, challenge, signSeed, fields) {
  const sig = signChallenge(signSeed, officeId, b64uDecode(challenge));
  const session = await api.post("/auth/session", { ...fields, challenge, sig: b64uEncode(sig) });
  api.token = session.token;
  return session;
}

/** Overwrites every Uint8Array in the given values (and one level into objects, arrays and maps). */
export function wipe(...values) {
  for (const value of values) {
    if (value instanceof Uint8Array) value.fill(0);
    else if (value instanceof Map) wipe(...value.values());
    else if (Array.isArray(value)) value.forEach((v) => v instanceof Uint8Array && v.fill(0));
    else if (value && typeof value === "object") {
      Object.values(value).forEach((v) => v instanceof Uint8Array && v.fill(0));
    }
  }
}
