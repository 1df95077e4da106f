// DOM controller for the member's inbox: one button per case, newest activity first (the
// server's order). A case shows only what the server knows: ids, times, how many items.

import { caseName } from "../models/case-name.js";
import { byTestId, clear, h, timeElement } from "./dom.js";

const EMPTY_TEXT = "No cases yet.";

export class CaseList {
  /** root: the inbox section; onOpen(caseItem) is called when a case is chosen. */
  constructor(root, onOpen) {
    this.list = byTestId("case-list", root);
    this.onOpen = onOpen;
  }

  show(cases) {
    // Live updates reload the list often: unchanged, it is left alone (a redraw under a click
    // would lose it); changed, the case that had the focus keeps it.
    const shown = JSON.stringify(cases);
    if (shown === this.shown) return;
    this.shown = shown;
    const focused = this.list.contains(document.activeElement) ? document.activeElement.dataset.caseId : undefined;
    clear(this.list);
    if (cases.length === 0) this.list.append(h("li", { class: "hint" }, EMPTY_TEXT));
    for (const item of cases) {
      const button = h(
        "button",
        { type: "button", class: "case-button", "data-testid": "case-item", "data-case-id": item.case_id },
        h("span", { class: "case-id" }, caseName(item.case_id)),
        h("span", { class: "case-meta" }, "Opened ", timeElement(item.created_at)),
        h("span", { class: "case-meta" }, "Last activity ", timeElement(item.last_activity_at)),
        h("span", { class: "case-meta", "data-testid": "case-count" }, itemCount(item.items)),
      );
      button.addEventListener("click", () => this.onOpen(item));
      this.list.append(h("li", {}, button));
      if (item.case_id === focused) button.focus();
    }
  }

  clear() {
    this.shown = undefined;
    clear(this.list);
  }
}

function itemCount(n) {
  return n === 1 ? "1 item" : `${n} items`;
}
