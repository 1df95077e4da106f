// A case (member app): its thread, opened with the office key this member holds and answered
// under its name, the write box with the office's templates, and its retention (close, destroy).

import { noOfficeKey } from "../../models/keyring.js";
import { caseName } from "../../models/case-name.js";
import { memberCaseCrypto } from "../../models/case-crypto.js";
import { TemplateStore } from "../../models/templates.js";
import { Thread } from "../../models/thread.js";
import { CaseView } from "../../views/case-view.js";
import { byTestId, showView } from "../../views/dom.js";

const CASE_DESTROYED = "The case and everything in it are destroyed.";

export class CasePage {
  constructor(app) {
    const { api, status, office } = app;
    this.app = app;
    this.view = new CaseView(byTestId("view-thread"), {
      role: "member",
      api,
      status,
      office,
      onError: (err) => app.failed(err),
      onDestroyed: () => this.destroyed(),
    });
  }

  get isOpen() {
    return this.view.caseId !== null;
  }

  async open(caseId) {
    const { api, status, office, member } = this.app;
    if (!member.keyring.hasOfficeKey) throw noOfficeKey();
    status.progress("Opening the case…");
    const record = await this.view.retention.load(caseId); // its visitor's keys (and the record, shown)
    const caseCrypto = memberCaseCrypto(office, member, caseId, record);
    // A view-once item from the visitor, opened before by this member, is not shown again (the pin remembers it).
    const viewOnce = { openedBefore: (id) => member.pins.openedBefore(id), opened: (id) => member.pins.store(office.log, [id]) };
    const thread = new Thread({ api, caseCrypto, prepare: () => this.view.prepare(caseId), viewOnce });
    byTestId("thread-title").textContent = caseName(caseId);
    showView("thread");
    await this.view.attach(thread);
    status.clear();
    // The office's templates: sealed to the office key alone, under the office's id.
    const templates = new TemplateStore({ api, caseCrypto: memberCaseCrypto(office, member, office.id) });
    await this.app.run(() => this.view.writeBox.loadTemplates(templates));
  }

  update() {
    return this.view.update();
  }

  async destroyed() {
    await this.app.inbox.show();
    this.app.status.progress(CASE_DESTROYED);
  }

  /** Leaves the open case (another tab): its items, drafts, record and any pending confirmation go. */
  leave() {
    this.view.leave();
  }

  clear() {
    this.view.clear();
  }
}
