// Alerts for the flags visitors raise (issue 12), on whichever tab the member is: a live "flag"
// event names a case and an item, and the alert names the case by this member's own label or its
// reference. It says "Urgent", since the server knows no more; once this page has opened the item
// and its sealed payload says it is a retaliation alert, it says "Retaliation". Each alert is a
// role="alert" element, which screen readers announce as it appears or changes.

import { caseName } from "../../models/case-name.js";
import { FLAG } from "../../models/thread.js";
import { byTestId, clear, h } from "../../views/dom.js";

export class FlagAlerts {
  constructor(app) {
    this.app = app;
    this.root = byTestId("flag-alerts");
    this.alerts = new Map(); // item id → {caseId, el}
    this.retaliation = new Set(); // items this page opened whose sealed payload says retaliation
  }

  /** A live "flag" event ({case_id, id}): an alert at the top of the page, newest first. */
  flagged({ case_id: caseId, id }) {
    // (A member still waiting for the office key can open no case: nothing to alert them to.)
    if (!this.app.member?.keyring.hasOfficeKey || typeof id !== "string" || this.alerts.has(id)) return;
    const el = h("div", { class: "notice danger flag-alert", role: "alert", "data-testid": "flag-alert", "data-case-id": caseId });
    this.alerts.set(id, { caseId, el });
    this.fill(id);
    this.root.prepend(el);
  }

  /** An item this page shows (a case's thread): a retaliation alert in its sealed payload changes its alert's words. */
  shown(caseId, entry) {
    if (entry.flag !== FLAG.RETALIATION || this.retaliation.has(entry.id)) return;
    this.retaliation.add(entry.id);
    if (this.alerts.get(entry.id)?.caseId === caseId) this.fill(entry.id);
  }

  /** A member acknowledged the case's flag here: its alerts on this page go. */
  acknowledged(caseId) {
    for (const [id, alert] of this.alerts) if (alert.caseId === caseId) this.remove(id);
  }

  fill(id) {
    const { caseId, el } = this.alerts.get(id);
    const name = this.app.inbox.bookmarks?.label(caseId) || caseName(caseId);
    const retaliation = this.retaliation.has(id);
    const said = retaliation
      ? [h("strong", { "data-testid": "flag-alert-kind" }, "Retaliation"), `: the visitor of ${name} says they are facing retaliation.`]
      : [h("strong", { "data-testid": "flag-alert-kind" }, "Urgent"), `: the visitor of ${name} flagged a message for the office's attention.`];
    const open = h("button", { type: "button", "data-testid": "flag-alert-open" }, "Open the case");
    open.addEventListener("click", () =>
      this.app.run(async () => {
        this.app.tab("nav-cases");
        await this.app.case.open(caseId);
      }),
    );
    const dismiss = h("button", { type: "button", "data-testid": "flag-alert-dismiss" }, "Dismiss");
    dismiss.addEventListener("click", () => this.remove(id));
    el.replaceChildren(h("p", { "data-testid": "flag-alert-text" }, ...said), h("p", { class: "actions" }, open, " ", dismiss));
  }

  remove(id) {
    this.alerts.get(id)?.el.remove();
    this.alerts.delete(id);
  }

  /** Signing out: no alert stays on the page. */
  clear() {
    this.alerts.clear();
    this.retaliation.clear();
    clear(this.root);
  }
}
