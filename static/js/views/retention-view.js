// DOM controller for a case's retention, in the thread: when the case will be destroyed (the
// server's retention_until), and the buttons that end it sooner. The visitor can destroy the
// case now; a member can close it (destroyed some days later unless a new message or a member
// reopens it), reopen it, or destroy it now. Ending it sooner asks for confirmation first.

import { busy, clear, h, timeElement } from "./dom.js";
import { confirmStep } from "./confirm.js";

export class RetentionView {
  /**
   * root: an empty element of the thread ([data-testid=retention]); role: "visitor" or "member";
   * api: models/api.js; status: views/status.js; onDestroyed(caseId) runs once the case is gone;
   * onError(err) hears failures; beforeDestroy() (optional) runs just before the case is
   * destroyed and may return a function that undoes it, should destroying fail. limits()
   * (optional): the office's limits (GET /office), which say how long a closed case is kept.
   */
  constructor(root, { role, api, status, onDestroyed, onError = (err) => status.error(err), beforeDestroy = () => null, limits = () => null }) {
    Object.assign(this, { root, role, api, status, onDestroyed, onError, beforeDestroy, limits });
    this.record = null;
    // Records arrive out of order (a listing's GET, a close's answer): each request takes a
    // ticket first, and an answer older than the one shown is dropped.
    this.issued = 0;
    this.shownTicket = 0;
    this.text = h("p", { class: "retention-text", "data-testid": "retention-text" });
    this.destroyButton = h(
      "button",
      { type: "button", class: "danger-outline", "data-testid": "destroy-case" },
      role === "visitor" ? "Destroy my case now" : "Destroy case",
    );
    this.closeButton = role === "member" ? h("button", { type: "button", "data-testid": "close-case" }, "Close case") : null;
    this.reopenButton = role === "member" ? h("button", { type: "button", "data-testid": "reopen-case", hidden: true }, "Reopen case") : null;
    this.destroyButton.addEventListener("click", () => this.act(this.destroyButton, () => this.destroy()));
    this.closeButton?.addEventListener("click", () => this.act(this.closeButton, () => this.close()));
    this.reopenButton?.addEventListener("click", () => this.act(this.reopenButton, () => this.reopen()));
    clear(root);
    root.append(this.text, h("div", { class: "actions" }, this.closeButton, this.reopenButton, this.destroyButton));
    root.hidden = true;
  }

  /**
   * Fetches the case's record (GET /cases/{id}) and shows it, unless a newer answer is shown by
   * then or stillWanted() says the page has moved on; returns the record.
   */
  async load(caseId, stillWanted = () => true) {
    const ticket = ++this.issued;
    const record = await this.api.get(casePath({ case_id: caseId }));
    if (stillWanted()) this.show(record, ticket);
    return record;
  }

  /** Shows the case's record, unless one fetched later is shown already. */
  show(record, ticket = ++this.issued) {
    if (ticket < this.shownTicket) return;
    this.shownTicket = ticket;
    this.record = record;
    clear(this.text);
    const until = timeElement(record.retention_until);
    until.dataset.testid = "retention-until";
    const closed = record.status === "closed";
    if (this.role === "visitor") {
      this.text.append(
        closed ? "The office has closed this case. It and everything in it " : "This case and everything in it ",
        "will be destroyed on ",
        until,
        closed ? " unless there is new activity: writing again reopens it." : " unless there is new activity.",
      );
    } else {
      this.text.append(h("strong", {}, closed ? "Closed" : "Open"));
      if (closed && record.closed_at) this.text.append(" on ", timeElement(record.closed_at));
      this.text.append(
        ". Destroyed with everything in it on ",
        until,
        closed ? " unless there is new activity (a new message reopens it)." : " unless there is new activity.",
      );
      this.closeButton.hidden = closed;
      this.reopenButton.hidden = !closed;
    }
    this.root.dataset.status = record.status;
    this.root.hidden = false;
  }

  /** Forgets the case (leaving the thread, signing out). */
  hide() {
    this.record = null;
    clear(this.text);
    this.root.hidden = true;
  }

  async act(button, job) {
    await busy(button, async () => {
      try {
        await job();
      } catch (err) {
        await this.onError(err);
      }
    });
  }

  async destroy() {
    const record = this.record;
    const visitor = this.role === "visitor";
    const ok = await confirmStep(this.destroyButton, {
      testId: "destroy-confirm",
      question: visitor ? "Destroy your case and everything in it, now?" : "Destroy this case and everything in it, now?",
      detail: visitor
        ? "Every message, yours and the office's, is deleted from the server at once. Your codename will open nothing any more. This cannot be undone; you can always start a new case."
        : "Every item of the case is deleted from the server at once, for the visitor too, and the visitor's codename opens nothing any more. This cannot be undone.",
      yes: visitor ? "Yes, destroy my case" : "Yes, destroy this case",
      no: visitor ? "No, keep it" : "Cancel",
    });
    if (!ok || record !== this.record) return;
    this.status.progress("Destroying the case…");
    const undo = this.beforeDestroy();
    try {
      await this.api.request("DELETE", casePath(record));
    } catch (err) {
      undo?.();
      throw err;
    }
    this.hide();
    await this.onDestroyed(record.case_id);
  }

  async close() {
    const record = this.record;
    const ok = await confirmStep(this.closeButton, {
      testId: "close-confirm",
      question: "Close this case?",
      detail: `A closed case is destroyed with everything in it ${keptFor(this.limits()?.retention_closed_days)} after it is closed, unless the visitor or the office writes again, or a member reopens it.`,
      yes: "Close the case",
      danger: false,
    });
    if (!ok || record.case_id !== this.record?.case_id) return;
    const ticket = ++this.issued;
    const updated = await this.api.post(`${casePath(record)}/close`);
    if (record.case_id !== this.record?.case_id) return; // another case is shown now
    this.show(updated, ticket);
    this.status.progress("The case is closed.");
  }

  /** Opens a closed case again (no confirmation: nothing is lost, and it can be closed again). */
  async reopen() {
    const record = this.record;
    const ticket = ++this.issued;
    const updated = await this.api.post(`${casePath(record)}/reopen`);
    if (record.case_id !== this.record?.case_id) return; // another case is shown now
    this.show(updated, ticket);
    this.status.progress("The case is open again.");
  }
}

/** "30 days", or what to say if the page does not know the office's setting. */
function keptFor(days) {
  if (!Number.isInteger(days)) return "some days (the office's setting for closed cases)";
  return days === 1 ? "1 day" : `${days} days`;
}

function casePath(record) {
  return `/cases/${encodeURIComponent(record.case_id)}`;
}
