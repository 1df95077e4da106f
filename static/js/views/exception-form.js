// DOM controllers for the exceptions to confidentiality (Standards of Practice 5.2): the form in
// a case that records a member's decision, the records of that case under it, and the office's
// register (the Records tab). The records are opened by models/exceptions.js; these only show.

import { byTestId, clear, h, timeElement } from "./dom.js";
import { DISCLOSED_TO_MAX, REASON_MAX } from "../models/exceptions.js";

const NEEDS = {
  reason: "Please say what the risk is and what you decided.",
  to: "Please say to whom (a role or a person) it is disclosed.",
  confirm: "An exception is recorded only on an imminent risk of serious harm: please confirm you determined there is one.",
};
const TOO_LONG = { reason: `At most ${REASON_MAX} characters.`, to: `At most ${DISCLOSED_TO_MAX} characters.` };
const NONE_IN_CASE = "No exception is recorded for this case.";
const NONE = "No exception to confidentiality has been recorded.";
const UNREADABLE = (n) =>
  ` ${n} more ${n === 1 ? "record does" : "records do"} not open with the office keys you hold (sealed before you joined, or altered).`;

export class ExceptionForm {
  /** root: the case's section; onRecord({reason, disclosedTo}) seals and stores one; status: views/status.js. */
  constructor(root, { onRecord, run, status }) {
    this.status = status;
    this.panel = byTestId("exception-panel", root);
    this.form = byTestId("exception-form", root);
    this.fields = { reason: byTestId("exception-reason", root), to: byTestId("exception-to", root), confirm: byTestId("exception-confirm", root) };
    this.list = byTestId("exception-case-records", root);
    this.onRecord = onRecord;
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      run(() => this.submit());
    });
  }

  /** Every problem at once, beside its field; the first takes the focus. */
  problems() {
    const reason = this.fields.reason.value.trim();
    const to = this.fields.to.value.trim();
    const found = {};
    if (!reason) found.reason = NEEDS.reason;
    else if (reason.length > REASON_MAX) found.reason = TOO_LONG.reason;
    if (!to) found.to = NEEDS.to;
    else if (to.length > DISCLOSED_TO_MAX) found.to = TOO_LONG.to;
    if (!this.fields.confirm.checked) found.confirm = NEEDS.confirm;
    for (const [name, input] of Object.entries(this.fields)) {
      const note = byTestId(`exception-${name}-error`, this.panel);
      note.textContent = found[name] ?? "";
      note.hidden = !found[name];
      if (found[name]) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }
    const first = Object.keys(this.fields).find((name) => found[name]);
    if (first) setTimeout(() => this.fields[first].focus());
    return first ? Object.values(found) : [];
  }

  async submit() {
    const found = this.problems();
    if (found.length > 0) {
      this.status.error(found.length === 1 ? found[0] : `${found.length} fields need changing: each says why below it.`);
      return;
    }
    await this.onRecord({ reason: this.fields.reason.value.trim(), disclosedTo: this.fields.to.value.trim() });
    this.form.reset();
  }

  /** The records of the open case, newest first. */
  showRecords(records) {
    clear(this.list);
    if (records.length === 0) this.list.append(h("li", { class: "hint", "data-testid": "exception-case-none" }, NONE_IN_CASE));
    for (const r of records) {
      this.list.append(
        h("li", { "data-testid": "exception-case-record" }, "Recorded by ", r.recordedBy, " on ", timeElement(r.recordedAt), `: disclosed to ${r.disclosedTo}.`),
      );
    }
  }

  clear() {
    this.form.reset();
    clear(this.list);
    this.panel.open = false;
    for (const name of Object.keys(this.fields)) byTestId(`exception-${name}-error`, this.panel).hidden = true;
  }
}

export class ExceptionRegisterView {
  /** root: the Records section. */
  constructor(root) {
    this.body = byTestId("exception-register", root);
    this.count = byTestId("exception-count", root);
  }

  /** records: oldest first (models/exceptions.js); failed: how many did not open. */
  show({ records, failed }) {
    clear(this.body);
    const n = records.length;
    this.count.textContent = (n === 0 ? NONE : `${n} ${n === 1 ? "exception" : "exceptions"} recorded.`) + (failed ? UNREADABLE(failed) : "");
    for (const r of [...records].reverse()) {
      this.body.append(
        h(
          "tr",
          { "data-testid": "exception-row" },
          h("td", {}, timeElement(r.decidedAt)),
          h("td", { "data-testid": "exception-case" }, r.caseId),
          h("td", {}, r.disclosedTo),
          h("td", { class: "reason", "data-testid": "exception-reason-text" }, r.reason),
          h("td", {}, r.recordedBy),
        ),
      );
    }
  }

  clear() {
    clear(this.body);
    this.count.textContent = "";
  }
}
