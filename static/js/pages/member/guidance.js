// The "Guidance pages" tab (member app): the office's public guidance pages, drafts included,
// written and scheduled here, read by anyone at /guidance/.

import { byTestId, showView } from "../../views/dom.js";
import { GuidanceEditor } from "../../views/guidance-editor.js";

export class GuidanceTab {
  constructor(app) {
    this.app = app;
    const { api, status } = app;
    this.editor = new GuidanceEditor(byTestId("view-guidance"), { api, status, onError: (err) => app.failed(err) });
    app.on("nav-guidance", "click", () => this.show());
  }

  async show() {
    const navigation = this.app.tab("nav-guidance");
    this.app.status.progress("Loading guidance pages…");
    await this.editor.show();
    if (!this.app.isCurrent(navigation)) return;
    this.app.status.clear();
    showView("guidance");
  }

  clear() {
    this.editor.clear();
  }
}
