// DOM controller for the destruction log (GET /destructions): how many cases and items were
// destroyed each day, and why. Counts only: the server keeps no trace of which case it was.

import { byTestId, clear, h } from "./dom.js";

const WHAT = { case: ["case", "cases"], item: ["item", "items"] };
const REASONS = {
  expired: "lifetime ended",
  view_once: "viewed once",
  with_case: "with their case",
  idle: "no activity for the retention period",
  closed: "closed, retention period over",
  visitor: "destroyed by the visitor",
  member: "destroyed by the office",
};
const EMPTY_TEXT = "Nothing has been destroyed yet.";

export class DestructionLog {
  /** root: the section holding [data-testid=destruction-log] (a table body). */
  constructor(root) {
    this.body = byTestId("destruction-log", root);
  }

  show(items) {
    clear(this.body);
    if (items.length === 0) {
      this.body.append(h("tr", {}, h("td", { colspan: "3", class: "hint", "data-testid": "destruction-empty" }, EMPTY_TEXT)));
    }
    for (const { day, what, reason, count } of items) {
      const [one, many] = WHAT[what] ?? [what, what];
      this.body.append(
        h(
          "tr",
          { "data-testid": "destruction-row", "data-what": what, "data-reason": reason },
          h("td", {}, h("time", { datetime: day }, day)),
          h("td", { "data-testid": "destruction-count" }, `${count} ${count === 1 ? one : many}`),
          h("td", {}, REASONS[reason] ?? reason),
        ),
      );
    }
  }

  clear() {
    clear(this.body);
  }
}
