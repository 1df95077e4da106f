// The portal's one Trusted Types policy (the CSP names it "sottovoce"). It only turns
// same-origin paths under /static/js/ into script URLs, for module workers; there is no HTML
// policy at all, so no string can ever become markup.

const POLICY_NAME = "sottovoce";
const SCRIPT_PREFIX = "/static/js/";

let policy = null;

function checkScriptUrl(value) {
  const url = new URL(value, location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith(SCRIPT_PREFIX) || url.search || url.hash) {
    throw new TypeError(`not a script of this portal: ${url.href}`);
  }
  return url.href;
}

/** A TrustedScriptURL for one of our scripts (a plain string where Trusted Types are absent). */
export function trustedScriptUrl(value) {
  if (!globalThis.trustedTypes?.createPolicy) return checkScriptUrl(String(value));
  // Created on first use, once per document: a second policy of the same name would throw.
  policy ??= globalThis.trustedTypes.createPolicy(POLICY_NAME, { createScriptURL: checkScriptUrl });
  return policy.createScriptURL(String(value));
}
