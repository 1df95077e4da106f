// Passkeys and security keys (WebAuthn) as a member's second factor, in the browser: registering
// one, and answering a sign-in challenge with one. DOM-free. A passkey is bound to the portal's
// origin: a look-alike page cannot get an answer that this portal accepts, which a TOTP code
// typed into it would give away.

const TIMEOUT_MS = 120_000;
const WRONG_ORIGIN = "Passkeys work only at the portal's own address";
const UNSUPPORTED = "This browser cannot use passkeys here. Use the code from your authenticator instead.";

/** Throws, with words for the person, unless passkeys can work on this page for this office. */
export function checkPasskeysUsable(office) {
  const passkeys = office.passkeys;
  if (!window.PublicKeyCredential || !navigator.credentials) throw userError(UNSUPPORTED);
  if (passkeys && passkeys.origin !== location.origin) throw userError(`${WRONG_ORIGIN}, ${passkeys.origin}.`);
}

/**
 * A passkey's answer to the sign-in `challenge` (b64u), as the server takes it: the credential's
 * toJSON(). The credential is discoverable: nothing names it before the member has chosen it.
 */
export async function passkeyAnswer(office, challenge) {
  const { answer } = await passkeyGet(office, { challenge, userVerification: office.passkeys.user_verification });
  return answer;
}

/**
 * A passkey's answer that also unlocks the member's keys (docs/passkeys.md): the answer for the
 * server, and the PRF output for `prfSalt` (Uint8Array) that only this page sees, or null if the
 * authenticator cannot give one. `credentialId` (b64u): ask that passkey only.
 */
export async function passkeyUnlock(office, { challenge, salt, credentialId = null }) {
  const allowCredentials = credentialId ? [{ type: "public-key", id: credentialId }] : [];
  return passkeyGet(office, { challenge, userVerification: "required", allowCredentials, salt });
}

async function passkeyGet(office, { challenge, userVerification, allowCredentials = [], salt = null }) {
  checkPasskeysUsable(office);
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON({
    challenge,
    rpId: office.passkeys.rp_id,
    allowCredentials,
    userVerification,
    timeout: TIMEOUT_MS,
  });
  if (salt) publicKey.extensions = { prf: { eval: { first: salt } } };
  const credential = await ask(() => navigator.credentials.get({ publicKey }));
  const first = credential.getClientExtensionResults().prf?.results?.first;
  const answer = credential.toJSON();
  answer.clientExtensionResults = {}; // the PRF output is this page's alone: it never goes to the server
  return { answer, rawId: answer.rawId, prf: first ? new Uint8Array(first) : null };
}

/** Registers a new passkey named `name` (POST /passkeys/options, then POST /passkeys); returns the server's record. */
export async function registerPasskey(api, office, name) {
  checkPasskeysUsable(office);
  const { options, challenge } = await api.post("/passkeys/options");
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options);
  // Asked at creation, or an authenticator cannot give a PRF output later (CTAP's hmac-secret).
  publicKey.extensions = { ...publicKey.extensions, prf: {} };
  const credential = await ask(() => navigator.credentials.create({ publicKey }));
  return api.post("/passkeys", { name, credential: credential.toJSON(), challenge });
}

/** The browser's own refusals (the person cancelled, no authenticator) as words for the person. */
async function ask(request) {
  try {
    const credential = await request();
    if (!credential) throw new Error("no credential");
    return credential;
  } catch (err) {
    if (err?.name === "NotAllowedError") throw userError("The passkey was not used: cancelled, or it timed out. Try again.");
    if (err?.name === "InvalidStateError") throw userError("This passkey is registered already.");
    if (err?.userMessage) throw err;
    throw userError(`The passkey did not answer (${err?.name ?? "error"}). Try again, or use your authenticator code.`);
  }
}

function userError(message) {
  return Object.assign(new Error(message), { userMessage: message });
}
