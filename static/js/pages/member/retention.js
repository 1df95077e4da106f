// The destruction log tab (member app): how many cases and items were destroyed each day, and
// why (lifetimes, view once, idle or closed cases, people). Counts only, never which. A case's
// own retention (close, destroy) is part of the case (views/case-view.js).

import { DestructionLog } from "../../views/destruction-log.js";
import { byTestId, showView } from "../../views/dom.js";

export class RetentionTab {
  constructor(app) {
    this.app = app;
    this.log = new DestructionLog(byTestId("view-destructions"));
    for (const testId of ["nav-destructions", "destructions-refresh"]) app.on(testId, "click", () => this.show());
  }

  async show() {
    const { api, status } = this.app;
    this.app.tab("nav-destructions");
    status.progress("Loading…");
    const { items } = await api.get("/destructions");
    this.log.show(items);
    status.clear();
    showView("destructions");
  }

  clear() {
    this.log.clear();
  }
}
