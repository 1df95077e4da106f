// Starting the signed office log of a v1 office (docs/protocol/v2.md section 9), in the member app:
// a member holding the current key checks the office's members and key versions as the server
// lists them, and signs them into the log's first entry. Shown at sign-in while the office has no log.

import { b64uDecode, genesisBody, KeyVersion, LogSettings, makeEntry, memberFingerprint, MemberRecord } from "../../crypto/index.js";
import { byTestId, clear, h, showView } from "../../views/dom.js";

const KEY_BYTES = 32;
const NONE = "None.";

export class StartLog {
  constructor(app) {
    this.app = app;
  }

  /** Shows what the first entry will record; resolves true once signed and stored, false if the member declined. */
  async ask() {
    const { api, office } = this.app;
    const records = office.serverRecords();
    const { items: pending } = await api.get("/members/pending");
    const waiting = new Set(pending.map((m) => m.member_id));
    const current = records.members.filter((m) => m.active && !waiting.has(m.member_id)).map(toRecord);
    const former = records.members.filter((m) => !m.active).map(toRecord);
    list(byTestId("start-log-members"), current);
    list(byTestId("start-log-former"), former);
    showView("start-log");
    if (!(await choice())) return false;
    await this.sign(records, current, former);
    return true;
  }

  async sign(records, current, former) {
    const { api, office, member } = this.app;
    const keys = records.officeKeys.map((k) => new KeyVersion(k.version, b64uDecode(k.box_pk, KEY_BYTES)));
    // A key this member holds must be the one its grant opens: the server's list is not taken on trust.
    keys.forEach((key) => member.keyring.checkKey(key));
    const settings = new LogSettings(records.visitorKdf, records.memberKdf, false);
    const at = Math.floor(Date.now() / 1000);
    const body = genesisBody(office.id, at, records.name, current, former, keys, settings);
    const entry = makeEntry(body, [[member.memberId, member.keyring.bundle.signSeed]]);
    await api.post("/office/log", { entry: entry.toJSON() });
    await office.load();
  }
}

function toRecord(m) {
  return new MemberRecord(m.member_id, m.display_name, b64uDecode(m.sign_pk, KEY_BYTES), b64uDecode(m.box_pk, KEY_BYTES));
}

function list(root, records) {
  clear(root);
  if (records.length === 0) root.append(h("li", { class: "hint" }, NONE));
  for (const r of records) {
    root.append(
      h(
        "li",
        { "data-testid": "start-log-member", "data-member-id": r.memberId },
        h("p", {}, h("strong", {}, r.displayName)),
        h("p", {}, "Member fingerprint: ", h("code", { class: "fingerprint" }, memberFingerprint(r))),
      ),
    );
  }
}

function choice() {
  return new Promise((resolve) => {
    const sign = byTestId("start-log-sign");
    const cancel = byTestId("start-log-cancel");
    const answer = (value) => () => {
      sign.removeEventListener("click", onSign);
      cancel.removeEventListener("click", onCancel);
      resolve(value);
    };
    const onSign = answer(true);
    const onCancel = answer(false);
    sign.addEventListener("click", onSign);
    cancel.addEventListener("click", onCancel);
  });
}
