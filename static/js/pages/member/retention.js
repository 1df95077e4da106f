// The Records tab (member app): the destruction log, how many cases and items were destroyed each
// day, and why (lifetimes, view once, idle or closed cases, people), counts only, never which;
// and the office's register of exceptions to confidentiality, opened in this browser. A case's
// own retention (close, destroy) is part of the case (views/case-view.js).

import { memberCaseCrypto } from "../../models/case-crypto.js";
import { ExceptionRegister } from "../../models/exceptions.js";
import { DestructionLog } from "../../views/destruction-log.js";
import { ExceptionRegisterView } from "../../views/exception-form.js";
import { byTestId, showView } from "../../views/dom.js";

export class RetentionTab {
  constructor(app) {
    this.app = app;
    this.log = new DestructionLog(byTestId("view-destructions"));
    this.register = new ExceptionRegisterView(byTestId("view-destructions"));
    for (const testId of ["nav-destructions", "destructions-refresh"]) app.on(testId, "click", () => this.show());
  }

  async show() {
    const { api, status, office, member } = this.app;
    const navigation = this.app.tab("nav-destructions");
    status.progress("Loading…");
    const { items } = await api.get("/destructions");
    this.log.show(items);
    if (member.keyring.hasOfficeKey) {
      this.register.show(await new ExceptionRegister({ api, caseCrypto: memberCaseCrypto(office, member, office.id) }).list());
    }
    if (!this.app.isCurrent(navigation)) return;
    status.clear();
    showView("destructions");
  }

  clear() {
    this.log.clear();
    this.register.clear();
  }
}
