// DOM controller for a case's header in the member app: its title (the member's own label, or
// its reference), when it was opened, the label form (sealed: seen by this member alone), who in
// the office it is assigned to and whether it is urgent (seen by the whole office, never by the
// visitor), and whether its visitor flagged it for the office's attention, until a member
// acknowledges it.

import { caseName, shortId } from "../models/case-name.js";
import { busy, byTestId, clear, h, timeElement } from "./dom.js";

export class CaseHeader {
  /**
   * root: the thread's section; onLabel(label), onAssign(memberId or null), onUrgent(bool) save
   * a change, onAcknowledge() acknowledges the visitor's flag, each run by run(action)
   * (views/actions.js), which hears its failure.
   */
  constructor(root, { run, onLabel, onAssign, onUrgent, onAcknowledge }) {
    this.run = run;
    this.title = byTestId("thread-title", root);
    this.about = byTestId("case-about", root);
    this.labelForm = byTestId("case-label-form", root);
    this.labelInput = byTestId("case-label", root);
    this.assignee = byTestId("assign-to", root);
    this.urgent = byTestId("mark-urgent", root);
    this.flag = byTestId("case-flag", root);
    this.flagText = byTestId("case-flag-text", root);
    const acknowledge = byTestId("flag-acknowledge", root);
    acknowledge.addEventListener("click", () => this.change(acknowledge, () => onAcknowledge()));
    this.caseId = null;
    this.labelForm.addEventListener("submit", (event) => {
      event.preventDefault();
      const label = this.labelInput.value.trim();
      this.change(this.labelForm, () => onLabel(label));
    });
    this.assignee.addEventListener("change", () => {
      const memberId = this.assignee.value || null;
      this.change(this.assignee, () => onAssign(memberId));
    });
    this.urgent.addEventListener("change", () => {
      const urgent = this.urgent.checked;
      this.change(this.urgent, () => onUrgent(urgent));
    });
  }

  change(control, save) {
    return busy(control, () => this.run(save));
  }

  /**
   * Shows the case: caseId; label (this member's, "" if none); record (GET /cases/{id}, with the
   * office's urgent and assignee); members: who it can be assigned to ({member_id, display_name});
   * self: this member's id.
   */
  show({ caseId, label, record, members, self }) {
    this.caseId = caseId;
    this.showLabel(label);
    this.labelInput.value = label;
    clear(this.about);
    this.about.append(`Reference ${shortId(caseId)}, opened `, timeElement(record.created_at), ".");
    this.showTriage(record, members, self);
  }

  showLabel(label) {
    this.title.textContent = label || caseName(this.caseId);
  }

  /** The office's triage of the case, as its record says (after a change too). */
  showTriage(record, members, self) {
    clear(this.assignee);
    this.assignee.append(h("option", { value: "" }, "Nobody"));
    const choices = [...members].sort((a, b) => (a.member_id === self ? -1 : b.member_id === self ? 1 : 0));
    for (const m of choices) {
      this.assignee.append(h("option", { value: m.member_id }, m.member_id === self ? `${m.display_name} (you)` : m.display_name));
    }
    // Assigned to a member who has left the office: still said, until someone else takes it.
    if (record.assignee && !members.some((m) => m.member_id === record.assignee)) {
      this.assignee.append(h("option", { value: record.assignee }, "A former member"));
    }
    this.assignee.value = record.assignee ?? "";
    this.urgent.checked = record.urgent === true;
    this.showFlag(record);
  }

  showFlag(record) {
    this.flag.hidden = record.flagged !== true;
    clear(this.flagText);
    if (record.flagged === true) {
      this.flagText.append(
        h("strong", {}, "Flagged by the visitor"),
        " on ",
        timeElement(record.flagged_at),
        ": they asked for the office's attention, and no member has acknowledged it yet.",
      );
    }
  }

  clear() {
    this.caseId = null;
    this.labelInput.value = "";
    clear(this.about);
    clear(this.assignee);
    this.urgent.checked = false;
    this.flag.hidden = true;
    clear(this.flagText);
  }
}
