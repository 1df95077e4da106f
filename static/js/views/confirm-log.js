// The "check the office key again" step (both apps): shown when no pin of the office log is
// stored for this person, which is expected once (a case opened before the office signed its log,
// a member's first sign-in) and otherwise a sign of tampering. The person compares the fingerprint
// with the one the office publishes, and says whether it matches.

import { byTestId, showView } from "./dom.js";

/** Shows the fingerprint of `log` (a LogState); resolves true if the person says it matches. */
export function confirmFingerprint(log) {
  byTestId("confirm-fingerprint").textContent = log.fingerprint;
  showView("confirm-log");
  return new Promise((resolve) => {
    const yes = byTestId("confirm-log-yes");
    const no = byTestId("confirm-log-no");
    const answer = (value) => () => {
      yes.removeEventListener("click", onYes);
      no.removeEventListener("click", onNo);
      resolve(value);
    };
    const onYes = answer(true);
    const onNo = answer(false);
    yes.addEventListener("click", onYes);
    no.addEventListener("click", onNo);
  });
}
