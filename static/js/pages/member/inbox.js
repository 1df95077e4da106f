// The inbox (member app): the office's cases, newest activity first; choosing one opens it.
// Live events and reconnections reload it while it is shown.

import { CaseList } from "../../views/case-list.js";
import { byTestId, showView } from "../../views/dom.js";

export class Inbox {
  constructor(app) {
    this.app = app;
    this.root = byTestId("view-inbox");
    this.list = new CaseList(this.root, (item) => app.run(() => app.case.open(item.case_id)));
    this.loads = 0; // only the latest load of the case list is shown
    for (const testId of ["nav-cases", "inbox-refresh", "back-to-inbox"]) app.on(testId, "click", () => this.show());
  }

  async show() {
    const { api, status, office } = this.app;
    this.app.tab("nav-cases");
    await office.load(); // takes a grant received since signing in, so a newly granted member reads at once
    byTestId("no-grant-notice").hidden = this.app.member.keyring.hasOfficeKey;
    status.progress("Loading cases…");
    const load = ++this.loads;
    const { items } = await api.get("/cases");
    if (load === this.loads) this.list.show(items);
    status.clear();
    showView("inbox");
  }

  /**
   * Reloads the case list (newest activity first) while the inbox is shown, or always when
   * `anyView` (a catch-up: the listing also tells whether the session still holds).
   */
  async refresh(anyView = false) {
    if (!this.app.member || (this.root.hidden && !anyView)) return;
    const load = ++this.loads;
    await this.app.run(async () => {
      const { items } = await this.app.api.get("/cases");
      if (load === this.loads && this.app.member) this.list.show(items); // (a hidden list is harmless)
    });
  }

  clear() {
    this.list.clear();
  }
}
