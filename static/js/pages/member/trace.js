// The "Trace a leak" tab (member app): a pasted passage or a code read off a copy → which view of
// which item, by whom and when; the case it belongs to opens from there.

import { byTestId, showView } from "../../views/dom.js";
import { TraceView } from "../../views/trace-view.js";

export class TraceTab {
  constructor(app) {
    this.app = app;
    this.view = new TraceView(byTestId("view-trace"), {
      api: app.api,
      status: app.status,
      nameOf: (by) => app.office.viewerName(by, app.member?.memberId),
      onOpenCase: (caseId) => app.run(() => app.case.open(caseId)),
    });
    app.on("nav-trace", "click", () => this.show());
  }

  show() {
    this.app.tab("nav-trace");
    this.app.status.clear();
    showView("trace");
  }

  clear() {
    this.view.clear();
  }
}
