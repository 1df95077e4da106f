// The Members tab (member app): colleagues waiting for the office key, admitted here (the key
// sealed to their own box key in this browser, and their addition signed into the office log in
// the same step), and the members of the log, each removable (a new office key is then drawn
// here, sealed to the remaining members, and the removal signed into the log).

import {
  addSignature,
  b64uEncode,
  KeyVersion,
  LogSettings,
  makeEntry,
  newOfficeKey,
  parseEntry,
  sealGrant,
} from "../../crypto/index.js";
import { byTestId, showView } from "../../views/dom.js";
import { MemberList } from "../../views/member-list.js";
import { PendingList, recordOf } from "../../views/pending-list.js";

const STALE_PROPOSAL = "The proposal no longer matches this colleague or the office log: ask your colleague to propose again.";
const TWO_NOW = "From now on, two members must sign each addition.";
const ONE_NOW = "From now on, one member's signature admits a colleague.";

export class MembersTab {
  constructor(app) {
    this.app = app;
    const root = byTestId("view-pending");
    this.pending = new PendingList(root, (member) => app.run(() => this.grant(member)));
    this.holders = new MemberList(root, (member) => app.run(() => this.remove(member)));
    app.on("nav-pending", "click", () => this.show());
    app.on("two-signatures-save", "click", () => this.saveTwoSignatures());
  }

  async show() {
    const { api, status, office, member } = this.app;
    const navigation = this.app.tab("nav-pending");
    status.progress("Loading…");
    await office.load();
    const { items } = await api.get("/members/pending");
    const log = office.requireLog();
    const twoNeeded = twoSignaturesNeeded(log);
    this.pending.show(
      items.filter((m) => m.member_id !== member.memberId),
      { twoNeeded, self: member.memberId, nameOf: (id) => office.memberName(id) },
    );
    this.holders.show(office.keyHolders(), member.memberId);
    byTestId("two-signatures").checked = log.settings.twoSignaturesToAdd;
    byTestId("members-office-fingerprint").textContent = log.fingerprint;
    byTestId("members-office-short-code").textContent = log.shortCode;
    byTestId("members-office-link").textContent = `${location.origin}/#fp=${log.fingerprint.replaceAll(" ", "")}`;
    if (!this.app.isCurrent(navigation)) return;
    status.clear();
    showView("pending");
  }

  /**
   * Admits a colleague: the office key sealed to them and their addition signed into the log, in
   * one step. When the log asks two signatures, the first member proposes (signs alone) and a
   * second completes a proposal for exactly this colleague (co-signs, and grants).
   */
  async grant(colleague) {
    const { api, status, office, member } = this.app;
    await office.load();
    const log = office.requireLog();
    if (colleague.unopenable) return this.grantAgain(colleague, log);
    const record = recordOf(colleague);
    const me = [member.memberId, member.keyring.bundle.signSeed];
    if (twoSignaturesNeeded(log) && !colleague.proposal) {
      const entry = makeEntry(log.memberAdded(nowSeconds(), record), [me]).toJSON();
      await api.post(`/members/${encodeURIComponent(colleague.member_id)}/propose`, { log_entry: entry });
      await this.show();
      status.progress(`You signed ${colleague.display_name}'s admission; a colleague must co-sign it.`);
      return;
    }
    let entry;
    if (twoSignaturesNeeded(log)) {
      const proposed = parseEntry(colleague.proposal);
      // Co-sign only what this member sees: this colleague, as the server lists them, next in the log.
      if (!proposes(proposed, colleague, log)) throw Object.assign(new Error("proposal"), { userMessage: STALE_PROPOSAL });
      entry = addSignature(proposed, ...me).toJSON();
    } else {
      entry = makeEntry(log.memberAdded(nowSeconds(), record), [me]).toJSON();
    }
    const key = member.keyring.current(office.keyVersion);
    const grant = sealGrant(key.sk, record.boxPk);
    await api.post("/office/grants", { member_id: colleague.member_id, version: office.keyVersion, grant, log_entry: entry });
    await this.show();
    status.progress(`${colleague.display_name} now holds the office key.`);
  }

  /**
   * A colleague whose grant does not open: the current key sealed again to the box key the
   * verified log records for them (never the server's word), in place of the old grant.
   */
  async grantAgain(colleague, log) {
    const { api, status, office, member } = this.app;
    const logged = log.currentMembers().find((r) => r.memberId === colleague.member_id);
    if (!logged) throw Object.assign(new Error("not in log"), { userMessage: STALE_PROPOSAL });
    const grant = sealGrant(member.keyring.current(office.keyVersion).sk, logged.boxPk);
    await api.request("PUT", `/office/grants/${encodeURIComponent(colleague.member_id)}`, { version: office.keyVersion, grant });
    await this.show();
    status.progress(`${colleague.display_name} now holds the office key.`);
  }

  /** The office's choice: one signature admits a member, or two (a settings entry of the log). */
  async saveTwoSignatures() {
    const { api, status, office } = this.app;
    await office.load();
    const log = office.requireLog();
    const wanted = byTestId("two-signatures").checked;
    if (wanted === log.settings.twoSignaturesToAdd) return;
    const settings = new LogSettings(log.settings.visitorKdf, log.settings.memberKdf, wanted);
    await api.post("/office/log", { entry: this.signed(log.settingsChange(nowSeconds(), settings)) });
    await this.show();
    status.progress(wanted ? TWO_NOW : ONE_NOW);
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

/** True if an addition needs two signatures now (the log's setting, and at least two members to give them). */
function twoSignaturesNeeded(log) {
  return log.settings.twoSignaturesToAdd && log.currentMembers().length >= 2;
}

/** True if `entry` adds exactly `colleague` (as the pending list shows them) as the log's next entry. */
function proposes(entry, colleague, log) {
  const added = entry.type === "member_added" ? entry.body.member : null;
  return (
    added !== null &&
    entry.seq === log.length &&
    ["member_id", "display_name", "sign_pk", "box_pk"].every((field) => added[field] === colleague[field])
  );
}
