// The visitor's case: its thread, sealed to the office key the landing page showed and to the
// visitor's own key, opened only once the visitor has agreed to the confidentiality covenant;
// its retention (destroy it now); exporting the visitor's own words; and raising the alarm: marking
// an item urgent, or "I think I am facing retaliation", a sealed message flagged for the office.

import { shortId } from "../../models/case-name.js";
import { visitorCaseCrypto } from "../../models/case-crypto.js";
import { ENDED } from "../../models/signed-in.js";
import { FLAG, Thread } from "../../models/thread.js";
import { VISITOR } from "../../models/office.js";
import { CaseView } from "../../views/case-view.js";
import { busy, byTestId } from "../../views/dom.js";

const COVENANT_REQUIRED = "covenant_required";
const CASE_DESTROYED = "case_destroyed"; // by the office or its retention: the server says which, and when
const RETALIATION_TEXT = "I think I am facing retaliation.";

export class CasePage {
  constructor(app) {
    const { api, status, office } = app;
    this.app = app;
    this.covenant = byTestId("covenant");
    this.covenantAccepted = false; // the case's record, read before each listing
    this.view = new CaseView(byTestId("view-thread"), {
      role: "visitor",
      api,
      status,
      office,
      onError: (err) => this.failed(err),
      onDestroyed: () => app.session.end(ENDED.DESTROYED),
      // The server cuts the case's live connection as it destroys it: stop listening first.
      beforeDestroy: () => app.session.pauseLive(),
    });
    this.view.threadView.flaggable = true; // the visitor can mark what they sent urgent
    app.on("covenant-accept", "click", () => this.acceptCovenant());
    app.on("export-mine", "click", () => this.exportMine());
    this.retaliationOpen = byTestId("retaliation-open");
    this.retaliationForm = byTestId("retaliation-form");
    this.retaliationWords = byTestId("retaliation-words");
    this.retaliationOpen.addEventListener("click", () => this.showRetaliation(true));
    app.on("retaliation-cancel", "click", () => this.showRetaliation(false));
    this.retaliationForm.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(this.retaliationForm, () => this.raiseRetaliation().catch((err) => this.failed(err)));
    });
  }

  showRetaliation(shown) {
    this.retaliationForm.hidden = !shown;
    this.retaliationOpen.setAttribute("aria-expanded", String(shown));
    if (shown) this.retaliationWords.focus();
    else this.retaliationWords.value = "";
  }

  /**
   * "I think I am facing retaliation": a message sealed like any other, whose payload says it is
   * a retaliation alert, posted flagged so the office is alerted at once (the server learns only
   * that it is flagged). It lasts as long as the case.
   */
  async raiseRetaliation() {
    const threadView = this.view.threadView;
    if (!threadView.thread) return;
    const words = this.retaliationWords.value.trim();
    this.app.status.progress("Sealing and sending your alert…");
    const text = words ? `${RETALIATION_TEXT}\n\n${words}` : RETALIATION_TEXT;
    const entry = await threadView.thread.send(text, { ttl: null, viewOnce: false, keep: false, flag: FLAG.RETALIATION });
    threadView.append(entry);
    this.showRetaliation(false);
    this.app.status.progress("Your alert is sent: the office is alerted now. You can add anything below.");
  }

  /** Shows the case the visitor signed in to, with the keys of `app.keys`, and loads every item. */
  async show(caseId) {
    const { api, office, keys } = this.app;
    const thread = new Thread({
      api,
      caseCrypto: visitorCaseCrypto(office, keys, caseId),
      prepare: async () => {
        const record = await this.view.prepare(caseId);
        if (record) this.covenantAccepted = record.covenant.accepted_version === record.covenant.current_version;
      },
      // A view-once item from the office is opened only when the visitor chooses to (it is then
      // spent), and one opened before is not shown again (the pin remembers it).
      holdViewOnce: true,
      viewOnce: {
        openedBefore: (id) => this.app.pins?.openedBefore(id) ?? false,
        opened: (id) => this.app.pins?.store(office.log, [id]),
      },
      // Confidentiality both ways: nothing from the office is opened before the visitor agrees.
      beforeOpen: (item) => {
        if (item.from !== VISITOR && !this.covenantAccepted) {
          throw Object.assign(new Error("covenant"), { code: COVENANT_REQUIRED });
        }
      },
    });
    await this.view.attach(thread);
  }

  update() {
    return this.view.update();
  }

  /** True while the visitor has written something not sent yet. */
  hasDraft() {
    return this.view.threadView.hasDraft() || this.retaliationWords.value.trim() !== "";
  }

  /** A session that ended on the server (idle, revoked, its case destroyed) ends here too; other errors are shown. */
  async failed(err) {
    if (err.code === COVENANT_REQUIRED) {
      this.app.status.clear();
      this.covenant.hidden = false;
    } else if (err.code === CASE_DESTROYED) {
      await this.app.session.end(ENDED.GONE, err.userMessage);
    } else if (err.status === 401) {
      await this.app.session.end(ENDED.REVOKED);
    } else {
      this.app.status.error(err);
    }
  }

  /** The visitor agrees to keep what the office says confidential; then its messages open. */
  async acceptCovenant() {
    const { api, office } = this.app;
    await api.post(`/cases/${encodeURIComponent(this.view.caseId)}/covenant`, { version: office.covenantVersion });
    this.covenantAccepted = true;
    this.covenant.hidden = true;
    await this.view.threadView.refresh();
  }

  /** The visitor's own words, as they wrote them, in a text file (never the office's). */
  exportMine() {
    const caseId = this.view.caseId;
    const heading = `My messages to the Ombuds office, case ${shortId(caseId)}, exported ${new Date().toLocaleString()}`;
    const count = this.view.threadView.exportOwn(`my-messages-${shortId(caseId)}.txt`, heading);
    this.app.status.progress(count === 1 ? "1 message exported." : `${count} messages exported.`);
  }

  clear() {
    this.showRetaliation(false);
    this.view.clear();
    this.covenant.hidden = true;
    this.covenantAccepted = false;
  }
}
