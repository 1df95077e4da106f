// The landing page's check of the office (visitor app): the browser verifies the office's signed
// key log itself, shows the fingerprint it computed (and a short code), and, opened from the link
// the office publishes, compares the fingerprint in the link's fragment (which never reaches the
// server) with its own and says so. Until the log verifies, nothing can be started or signed in to.

import { fingerprintFromLink } from "../../crypto/index.js";
import { isIntegrityError } from "../../models/integrity.js";
import { byTestId, showView } from "../../views/dom.js";

const MATCH = "This matches the fingerprint in the link you followed: the portal serves the office's own key log.";
const MISMATCH =
  "The link you followed carries another fingerprint than the one this portal's key log gives. Do not use this portal: tell the office another way.";

export class Landing {
  constructor(app) {
    this.app = app;
    this.box = byTestId("fingerprint-box");
    this.actions = byTestId("landing-actions");
    this.linkCheck = byTestId("link-check");
    this.notReady = byTestId("office-not-ready");
    this.warning = byTestId("integrity-warning");
  }

  /** Verifies the office log and shows what the visitor should compare; false if the page must stop. */
  async show() {
    const { office } = this.app;
    try {
      await office.load();
    } catch (err) {
      if (!isIntegrityError(err)) throw err;
      this.warn(err);
      return false;
    }
    const log = office.log;
    if (log === null) {
      this.notReady.hidden = false;
      return false;
    }
    byTestId("office-fingerprint").textContent = log.fingerprint;
    byTestId("office-short-code").textContent = log.shortCode;
    this.box.hidden = false;
    const linked = fingerprintFromLink(location.hash);
    if (linked !== null) {
      const same = linked === log.fingerprint;
      this.linkCheck.textContent = same ? MATCH : MISMATCH;
      this.linkCheck.dataset.state = same ? "match" : "mismatch";
      this.linkCheck.hidden = false;
      if (!same) return false; // (the actions stay hidden)
    }
    this.actions.hidden = false;
    return true;
  }

  /** Stops the page: a warning in place of the actions, on the landing view. */
  warn(err) {
    this.app.status.clear();
    byTestId("integrity-text").textContent = err.userMessage ?? String(err.message);
    this.warning.hidden = false;
    this.actions.hidden = true;
    this.box.hidden = true;
    showView("landing");
  }
}
