// The Members tab (member app): colleagues waiting for the office key, granted it here (sealed
// to their own box key in this browser), and the members holding it, each removable (a new
// office key is then drawn here and sealed to the remaining holders).

import { b64uDecode, b64uEncode, newOfficeKey, sealGrant } from "../../crypto/index.js";
import { byTestId, showView } from "../../views/dom.js";
import { MemberList } from "../../views/member-list.js";
import { PendingList } from "../../views/pending-list.js";

const KEY_BYTES = 32;

export class MembersTab {
  constructor(app) {
    this.app = app;
    const root = byTestId("view-pending");
    this.pending = new PendingList(root, (member) => app.run(() => this.grant(member)));
    this.holders = new MemberList(root, (member) => app.run(() => this.remove(member)));
    app.on("nav-pending", "click", () => this.show());
  }

  async show() {
    const { api, status, office, member } = this.app;
    this.app.tab("nav-pending");
    status.progress("Loading…");
    await office.load();
    const { items } = await api.get("/members/pending");
    this.pending.show(items.filter((m) => m.member_id !== member.memberId));
    this.holders.show(office.keyHolders(items.map((m) => m.member_id)), member.memberId);
    status.clear();
    showView("pending");
  }

  async grant(colleague) {
    const { api, status, office, member } = this.app;
    await office.load();
    const key = member.keyring.current(office.keyVersion);
    const grant = sealGrant(key.sk, b64uDecode(colleague.box_pk, KEY_BYTES));
    await api.post("/office/grants", { member_id: colleague.member_id, version: office.keyVersion, grant });
    await this.show();
    status.progress(`${colleague.display_name} now holds the office key.`);
  }

  /**
   * Removes a colleague: a new office key is drawn here and sealed to every member who holds the
   * current one, except the one removed; the server swaps both in one step (portal/members/removal.py).
   */
  async remove(colleague) {
    const { api, status, office, member } = this.app;
    await office.load();
    member.keyring.current(office.keyVersion); // only a holder of the current key can rotate it (the server checks too)
    const { items: pending } = await api.get("/members/pending");
    const holders = office.keyHolders(pending.map((m) => m.member_id)).filter((m) => m.member_id !== colleague.member_id);
    const fresh = newOfficeKey();
    try {
      const grants = holders.map((m) => ({ member_id: m.member_id, grant: sealGrant(fresh.boxSk, b64uDecode(m.box_pk, KEY_BYTES)) }));
      await api.post(`/members/${encodeURIComponent(colleague.member_id)}/remove`, {
        office_key: { version: office.keyVersion + 1, box_pk: b64uEncode(fresh.boxPk), grants },
      });
    } finally {
      fresh.boxSk.fill(0); // this member takes the new key from its own grant, like the others
    }
    await this.show();
    status.progress(
      `${colleague.display_name} has been removed and can no longer sign in. A new office key is in use; give visitors its fingerprint.`,
    );
  }

  clear() {
    this.pending.clear();
    this.holders.clear();
  }
}
