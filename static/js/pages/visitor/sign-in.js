// Signing in with a codename (visitor app): the codename derives the visitor's keys in a worker
// (PROTOCOL.md section 3), whose signing key answers the sign-in challenge; then the case shows.
// Starting a case (start.js) ends here too.

import { b64uEncode } from "../../crypto/index.js";
import { codenameProblem, loadWordlist } from "../../models/codename.js";
import { isIntegrityError } from "../../models/integrity.js";
import { NO_PIN, PinKeeper } from "../../models/pins.js";
import { deriveVisitorKeys, timed } from "../../models/work.js";
import { byTestId, showView } from "../../views/dom.js";
import { confirmFingerprint } from "../../views/confirm-log.js";
import { WorkProgress } from "../../views/progress.js";

const SIGNIN_FAILED = "No case opens with this codename: there may be a typo in it. Check each word and try again.";
const STOPPED = "You stopped before anything was sent or shown. Tell the office another way that the fingerprint differs.";

export class SignIn {
  constructor(app) {
    this.app = app;
    this.field = byTestId("signin-codename");
    this.work = new WorkProgress(byTestId("view-working"));
    app.on("go-signin", "click", () => {
      app.status.clear();
      showView("signin");
    });
    app.on("signin-back", "click", () => {
      this.clear();
      app.status.clear();
      showView("landing");
    });
    app.on("signin-form", "submit", () => this.withCodename());
  }

  async withCodename() {
    const { status } = this.app;
    const problem = codenameProblem(await loadWordlist(), this.field.value);
    if (problem) {
      status.error(problem);
      this.field.focus();
      return;
    }
    const codename = this.field.value;
    this.field.value = "";
    this.working("Signing in", false);
    try {
      await this.app.office.load();
      await this.deriveKeys(codename);
    } catch (err) {
      this.app.forgetKeys();
      showView("signin");
      this.app.failed(err);
      return;
    }
    await this.signIn(SIGNIN_FAILED);
  }

  /** Shows the "working" view for the slow steps: key derivation, and the proof of work if `withPow`. */
  working(title, withPow) {
    byTestId("working-title").textContent = title;
    this.work.start(withPow);
    this.app.status.progress("Deriving your keys…");
    showView("working");
  }

  /** Derives the visitor's keys from the codename into `app.keys`. */
  async deriveKeys(codename) {
    const { office } = this.app;
    const [derived, ms] = await timed(() => deriveVisitorKeys(codename, office.id, office.visitorKdf));
    this.app.keys = derived;
    this.work.keysDone(ms);
  }

  /**
   * Signs in with `app.keys`, checks the office log against the case's pin, then shows the case;
   * on failure forgets the keys and says `failure`. `newCase`: the case was just opened, so it
   * has no pin yet and the one the landing page checked is stored.
   */
  async signIn(failure, { newCase = false } = {}) {
    const { api, status, office, session, keys } = this.app;
    try {
      status.progress("Signing in…");
      const fields = { role: "visitor", sign_pk: b64uEncode(keys.signPk) };
      const { challenge } = await api.post("/auth/challenge", fields);
      const answer = await session.answer(office.id, challenge, keys.signSeed, fields);
      status.progress("Checking the office's key log…");
      if (!(await this.pinned(answer.case_id, newCase))) {
        await session.end();
        showView("landing");
        status.progress(STOPPED);
        return;
      }
      status.progress("Opening your messages…");
      showView("thread");
      await this.app.case.show(answer.case_id);
      session.begin(office.limits); // unless the first listing just ended the session
      status.clear();
    } catch (err) {
      await session.end();
      if (isIntegrityError(err)) {
        this.app.landing.warn(err);
        return;
      }
      status.error(err.status === 401 ? failure : err);
      showView("signin");
    }
  }

  /**
   * The case's pin: the log must extend it (else an integrity error); a missing one is stored
   * once the visitor confirms the fingerprint (a new case needs no confirming). Then it is stored
   * anew for the log as it is now. False if the visitor stopped.
   */
  async pinned(caseId, newCase) {
    const { api, office, keys } = this.app;
    await office.load();
    const log = office.requireLog();
    const pins = new PinKeeper(api, { path: `/cases/${encodeURIComponent(caseId)}/pin`, caseId, keys });
    const found = await pins.check(log);
    if (found === NO_PIN && !newCase && !(await confirmFingerprint(log))) return false;
    await pins.store(log);
    this.app.pins = pins;
    return true;
  }

  /** Empties the codename field. */
  clear() {
    this.field.value = "";
  }
}
