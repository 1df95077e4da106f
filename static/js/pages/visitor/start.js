// Starting a case (visitor app): a codename drawn here and shown once, two of its words typed
// back, the keys derived from it, a proof of work solved, and the case opened with the visitor's
// public keys; then signing in (sign-in.js) as with any codename.

import { b64uDecode, b64uEncode } from "../../crypto/index.js";
import { loadWordlist } from "../../models/codename.js";
import { solvePow, timed } from "../../models/work.js";
import { CodenameView } from "../../views/codename-view.js";
import { byTestId, showView } from "../../views/dom.js";

const OPEN_BUT_SIGNED_OUT = "Your case is open, but signing in failed. Sign in with your codename.";

export class Start {
  constructor(app) {
    this.app = app;
    this.codename = new CodenameView();
    app.on("start-case", "click", () => this.drawCodename());
    app.on("codename-written", "click", () => this.askForCheck());
    app.on("codename-cancel", "click", () => {
      this.codename.forget();
      app.status.clear();
      showView("landing");
    });
    app.on("check-back", "click", () => {
      app.status.clear();
      showView("codename");
    });
    app.on("check-form", "submit", () => this.checkAndOpen());
  }

  async drawCodename() {
    const { status, office } = this.app;
    status.progress("Preparing your codename…");
    const [list] = await Promise.all([loadWordlist(), office.load()]);
    this.codename.show(list);
    status.clear();
    showView("codename");
  }

  askForCheck() {
    this.codename.askCheck();
    this.app.status.clear();
    showView("check");
    byTestId("check-word-1").focus();
  }

  async checkAndOpen() {
    const { api, status, signIn } = this.app;
    const problem = this.codename.checkProblem();
    if (problem) {
      status.error(problem);
      return;
    }
    const codename = this.codename.codename;
    this.codename.forget();
    signIn.working("Opening your case", true);
    try {
      await signIn.deriveKeys(codename);
      status.progress("Solving the anti-abuse puzzle…");
      const pow = await api.post("/pow");
      const work = signIn.work;
      const [nonce, powMs] = await timed(() =>
        solvePow(b64uDecode(pow.challenge), pow.difficulty, (n) => work.powTried(n, pow.difficulty)),
      );
      work.powDone(powMs);
      status.progress("Opening your case…");
      const { signPk, boxPk } = this.app.keys;
      await api.post("/cases", { sign_pk: b64uEncode(signPk), box_pk: b64uEncode(boxPk), pow: { challenge: pow.challenge, nonce } });
    } catch (err) {
      this.app.forgetKeys();
      showView("landing");
      this.app.failed(err);
      return;
    }
    await signIn.signIn(OPEN_BUT_SIGNED_OUT, { newCase: true });
  }

  /** Drops a codename being shown or checked (signing out, leaving the page). */
  clear() {
    this.codename.forget();
  }
}
