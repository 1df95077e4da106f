// DOM controller for the member's inbox: the search box and status filter, and one button per
// case (rows from models/inbox.js, newest activity first): the member's label or the case's
// reference, flagged by its visitor (listed first), urgent, unread, open or closed, when it was opened and last active, who follows it,
// and what matched a search. Every state is said in words, not in colour alone.

import { FILTERS } from "../models/inbox.js";
import { byTestId, clear, h, timeElement } from "./dom.js";

const WHERE = { label: "Your label", reference: "Reference", message: "In a message" };

export class CaseList {
  /** root: the inbox section; onOpen(row) when a case is chosen; onChange() when the search or filter changes. */
  constructor(root, { onOpen, onChange }) {
    this.list = byTestId("case-list", root);
    this.search = byTestId("inbox-search", root);
    this.filter = byTestId("inbox-filter", root);
    this.summary = byTestId("inbox-summary", root);
    this.onOpen = onOpen;
    clear(this.filter);
    for (const [value, { label }] of Object.entries(FILTERS)) this.filter.append(h("option", { value }, label));
    this.search.addEventListener("input", () => onChange());
    this.filter.addEventListener("change", () => onChange());
  }

  /** What the member asks for: {filter, query}. */
  get wanted() {
    return { filter: this.filter.value, query: this.search.value };
  }

  /** Shows `rows` (those kept by the filter and search) of `total` cases; `empty` says why none. */
  show(rows, { total, empty }) {
    // Live updates reload the list often: unchanged, it is left alone (a redraw under a click
    // would lose it); changed, the case that had the focus keeps it.
    const shown = JSON.stringify([rows, total]);
    if (shown === this.shown) return;
    this.shown = shown;
    const focused = this.list.contains(document.activeElement) ? document.activeElement.dataset.caseId : undefined;
    clear(this.list);
    this.summary.textContent = rows.length === total ? caseCount(total) : `${rows.length} of ${caseCount(total)}`;
    if (rows.length === 0) this.list.append(h("li", { class: "hint", "data-testid": "inbox-empty" }, empty));
    for (const row of rows) {
      const button = caseButton(row);
      button.addEventListener("click", () => this.onOpen(row));
      this.list.append(h("li", {}, button));
      if (row.caseId === focused) button.focus();
    }
  }

  /** Signing out: no case, no search, every case shown at the next sign-in. */
  clear() {
    this.shown = undefined;
    this.search.value = "";
    this.filter.value = "all";
    this.summary.textContent = "";
    clear(this.list);
  }
}

function caseButton(row) {
  const tag = (testId, cls, text) => h("span", { class: `tag ${cls}`, "data-testid": testId }, text);
  return h(
    "button",
    {
      type: "button",
      class: "case-button",
      "data-testid": "case-item",
      "data-case-id": row.caseId,
      "data-status": row.status,
      "data-unread": row.unread > 0 ? "true" : null,
      "data-flagged": row.flagged ? "true" : null,
    },
    h(
      "span",
      { class: "case-line" },
      h("span", { class: "case-title", "data-testid": "case-title" }, row.title),
      row.flagged ? tag("case-flagged", "flagged", "Flagged by the visitor") : null,
      row.urgent ? tag("case-urgent", "urgent", "Urgent") : null,
      row.unread > 0 ? tag("case-unread", "unread", row.unread >= 100 ? "99+ unread" : `${row.unread} unread`) : null,
      tag("case-status", row.status, row.status === "closed" ? "Closed" : "Open"),
    ),
    h(
      "span",
      { class: "case-meta" },
      row.label ? h("span", { "data-testid": "case-reference" }, `Ref. ${row.reference}`) : null,
      h("span", { "data-testid": "case-opened" }, "Opened ", timeElement(row.openedAt)),
      h("span", {}, "Last activity ", timeElement(row.lastActivityAt)),
    ),
    h(
      "span",
      { class: "case-meta" },
      h("span", { "data-testid": "case-assignee" }, assigned(row.assignee)),
      h("span", { "data-testid": "case-count" }, row.items === 1 ? "1 item" : `${row.items} items`),
    ),
    row.match?.where ? h("span", { class: "case-match", "data-testid": "case-match" }, `${WHERE[row.match.where]}: ${row.match.excerpt}`) : null,
  );
}

function assigned(assignee) {
  if (assignee === null) return "Not assigned";
  return `Assigned to ${assignee.name}${assignee.mine ? " (you)" : ""}`;
}

function caseCount(n) {
  return n === 1 ? "1 case" : `${n} cases`;
}
