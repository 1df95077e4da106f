// The Members tab (member app): colleagues waiting for the office key, admitted here (the key
// sealed to their own box key in this browser, and their addition signed into the office log in
// the same step), and the members of the log, each removable (a new office key is then drawn
// here, sealed to the remaining members, and the removal signed into the log).

import { b64uDecode, b64uEncode, KeyVersion, makeEntry, newOfficeKey, sealGrant } from "../../crypto/index.js";
import { byTestId, showView } from "../../views/dom.js";
import { MemberList } from "../../views/member-list.js";
import { PendingList, recordOf } from "../../views/pending-list.js";

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
    this.holders.show(office.keyHolders(), member.memberId);
    const log = office.requireLog();
    byTestId("members-office-fingerprint").textContent = log.fingerprint;
    byTestId("members-office-short-code").textContent = log.shortCode;
    byTestId("members-office-link").textContent = `${location.origin}/#fp=${log.fingerprint.replaceAll(" ", "")}`;
    status.clear();
    showView("pending");
  }

  async grant(colleague) {
    const { api, status, office, member } = this.app;
    await office.load();
    const log = office.requireLog();
    const key = member.keyring.current(office.keyVersion);
    const grant = sealGrant(key.sk, b64uDecode(colleague.box_pk, KEY_BYTES));
    const entry = this.signed(log.memberAdded(nowSeconds(), recordOf(colleague)));
    await api.post("/office/grants", { member_id: colleague.member_id, version: office.keyVersion, grant, log_entry: entry });
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
    // Sealed to the members the verified log names, never to the server's list.
    const holders = office.keyHolders().filter((m) => m.member_id !== colleague.member_id);
    const fresh = newOfficeKey();
    try {
      const grants = holders.map((m) => ({ member_id: m.member_id, grant: sealGrant(fresh.boxSk, m.record.boxPk) }));
      const version = office.keyVersion + 1;
      const entry = this.signed(office.requireLog().memberRemoved(nowSeconds(), colleague.member_id, new KeyVersion(version, fresh.boxPk)));
      await api.post(`/members/${encodeURIComponent(colleague.member_id)}/remove`, {
        office_key: { version, box_pk: b64uEncode(fresh.boxPk), grants },
        log_entry: entry,
      });
    } finally {
      fresh.boxSk.fill(0); // this member takes the new key from its own grant, like the others
    }
    await this.show();
    status.progress(
      `${colleague.display_name} has been removed and can no longer sign in. A new office key is in use; the office's fingerprint stays the same.`,
    );
  }

  /** A log entry's body signed by this member, as it travels. */
  signed(body) {
    const { member } = this.app;
    return makeEntry(body, [[member.memberId, member.keyring.bundle.signSeed]]).toJSON();
  }

  clear() {
    this.pending.clear();
    this.holders.clear();
  }
}

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
