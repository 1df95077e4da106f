// Signing in with a codename (visitor app): the codename derives the visitor's keys in a worker
// (PROTOCOL.md section 3), whose signing key answers the sign-in challenge; then the case shows.
// Starting a case (start.js) ends here too.

import { b64uEncode } from "../../crypto/index.js";
import { codenameProblem, loadWordlist } from "../../models/codename.js";
import { deriveVisitorKeys, timed } from "../../models/work.js";
import { byTestId, showView } from "../../views/dom.js";
import { WorkProgress } from "../../views/progress.js";

const SIGNIN_FAILED = "No case opens with this codename: there may be a typo in it. Check each word and try again.";

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
      status.error(err);
      showView("signin");
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

  /** Signs in with `app.keys`, then shows the case; on failure forgets the keys and says `failure`. */
  async signIn(failure) {
    const { api, status, office, session, keys } = this.app;
    try {
      status.progress("Signing in…");
      const fields = { role: "visitor", sign_pk: b64uEncode(keys.signPk) };
      const { challenge } = await api.post("/auth/challenge", fields);
      const answer = await session.answer(office.id, challenge, keys.signSeed, fields);
      status.progress("Opening your messages…");
      showView("thread");
      await this.app.case.show(answer.case_id);
      session.begin(office.limits); // unless the first listing just ended the session
      status.clear();
    } catch (err) {
      await session.end();
      status.error(err.status === 401 ? failure : err);
      showView("signin");
    }
  }

  /** Empties the codename field. */
  clear() {
    this.field.value = "";
  }
}
