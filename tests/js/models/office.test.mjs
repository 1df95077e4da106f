import assert from "node:assert/strict";
import { test } from "node:test";
import {
  b64uDecode,
  b64uEncode,
  kid,
  LogError,
  makeEntry,
  newBody,
  utf8Decode,
  utf8Encode,
  verifyLog,
  VISITOR_DEFAULT_KDF,
} from "../../../static/js/crypto/index.js";
import { isIntegrityError } from "../../../static/js/models/integrity.js";
import { FORMER_MEMBER, Office, VISITOR } from "../../../static/js/models/office.js";
import { member, OFFICE_ID, OFFICE_NAME, officeApi, OfficeLog, officeKey, serverRecord, sodium, T0 } from "./office-fixtures.mjs";

const NOT_READY = /has not set up its signed key log/;
const TAMPERED = /Someone may have tampered with the portal/;
const pk = (who) => b64uEncode(who.bundle.signPk); // as envelope headers name senders
const ids = (holders) => holders.map((m) => m.member_id);

/** Ada and Bob in the log, holding key 1; the server lists them and Mallory, whom the log does not name. */
function setting() {
  const [ada, bob, cy, mallory] = [member("m_ada", "Ada"), member("m_bob", "Bob"), member("m_cy", "Cy"), member("m_mallory", "Mallory")];
  const k1 = officeKey(1);
  const log = new OfficeLog([ada, bob], [k1]);
  const server = { record: serverRecord([ada, bob, mallory], [k1]), entries: log.entries }; // the log as it grows
  return { ada, bob, cy, mallory, k1, log, server, api: officeApi(server) };
}

const loaded = (s, options) => new Office(s.api, options).load();

/** A header from `who` as checkSender reads it: sender, sent_at and the recipients' kids. */
const header = (who, key, sentAt) => ({ sender: pk(who), sent_at: sentAt, recipients: [{ kid: kid(key.boxPk) }] });

/** What an office whose log was refused still exposes: none of it. */
function assertNothingUsed(office, who) {
  assert.equal(office.log, null);
  assert.throws(() => office.requireLog(), (err) => NOT_READY.test(err.userMessage));
  assert.equal(office.memberName(who.memberId), FORMER_MEMBER);
  assert.equal(office.sender(pk(who), who.memberId).label, FORMER_MEMBER);
  assert.deepEqual(office.signingKeys(), []);
  assert.equal(office.keyVersion, undefined);
}

test("members are named as the log names them, former ones too; one label serves every id and key it does not name", async () => {
  const s = setting();
  s.server.record.members[0].display_name = "Not Ada"; // the server's list is not read for names
  s.log.remove("m_bob", officeKey(2), s.ada, T0 + 20);
  const office = await loaded(s);
  assert.equal(office.memberName("m_ada"), "Ada");
  assert.equal(office.memberName("m_bob"), "Bob"); // removed, but what Bob sent before still verifies
  assert.equal(office.memberName("m_gone"), FORMER_MEMBER);
  const stranger = b64uEncode(sodium.randombytes_buf(32));
  assert.equal(office.sender(stranger, VISITOR).label, FORMER_MEMBER);
  assert.equal(office.sender(stranger, "m_ada").label, FORMER_MEMBER);
});

test("the visitor is You on its own page, and Visitor or the visitor on a member's", async () => {
  const office = await loaded(setting());
  const visitorPk = b64uEncode(sodium.randombytes_buf(32));
  assert.deepEqual(office.sender(visitorPk, VISITOR, visitorPk), { label: "You", mine: true });
  assert.deepEqual(office.sender(visitorPk, "m_ada", visitorPk), { label: "Visitor", mine: false });
  assert.equal(office.viewerName(VISITOR, VISITOR), "You");
  assert.equal(office.viewerName(VISITOR, "m_ada"), "the visitor");
  assert.equal(office.viewerName("m_bob", VISITOR), "Bob");
});

test("a member's own items are theirs alone; the visitor owns none of the office's", async () => {
  const s = setting();
  const office = await loaded(s);
  assert.deepEqual(office.sender(pk(s.ada), "m_ada"), { label: "Ada", mine: true });
  assert.deepEqual(office.sender(pk(s.ada), "m_bob"), { label: "Ada", mine: false });
  assert.deepEqual(office.sender(pk(s.ada), VISITOR, b64uEncode(sodium.randombytes_buf(32))), { label: "Ada", mine: false });
});

test("a member the server lists but the log does not is neither named, nor a key holder, nor a sender", async () => {
  const s = setting();
  const office = await loaded(s);
  assert.equal(office.memberName("m_mallory"), FORMER_MEMBER);
  assert.deepEqual(office.sender(pk(s.mallory), "m_mallory"), { label: FORMER_MEMBER, mine: false });
  assert.deepEqual(ids(office.keyHolders()), ["m_ada", "m_bob"]);
  assert.deepEqual(office.signingKeys().map(b64uEncode).sort(), [pk(s.ada), pk(s.bob)].sort());
  assert.throws(() => office.checkSender(header(s.mallory, s.k1, T0 + 5)), LogError);
  office.checkSender(header(s.ada, s.k1, T0 + 5)); // a member of the log may send
});

test("the current office key is the log's, whatever key the server lists as current", async () => {
  const s = setting();
  const k2 = officeKey(2);
  s.log.rotate(k2, s.bob);
  s.server.record = serverRecord([s.ada, s.bob], [s.k1, k2, officeKey(3)]); // a key of the operator's own
  const office = await loaded(s);
  assert.equal(office.keyVersion, 2);
  assert.deepEqual(office.boxPk, k2.boxPk);
});

test("the office's name and visitor key derivation are the log's, not the server's", async () => {
  const s = setting();
  const office = await loaded(s);
  assert.equal(office.name, OFFICE_NAME);
  assert.deepEqual({ ...office.visitorKdf }, { ops: VISITOR_DEFAULT_KDF.ops, mem: VISITOR_DEFAULT_KDF.mem });
  assert.equal(office.id, OFFICE_ID);
  assert.deepEqual(office.limits, { session_idle_minutes: 30 });
});

test("key holders are the log's current members, with the keys it names; its first signer started it", async () => {
  const s = setting();
  s.log.add(s.cy, s.ada);
  s.log.remove("m_bob", officeKey(2), s.ada, T0 + 20);
  const office = await loaded(s);
  const holders = office.keyHolders();
  assert.deepEqual(ids(holders), ["m_ada", "m_cy"]);
  assert.deepEqual(holders.map((m) => m.display_name), ["Ada", "Cy"]);
  assert.deepEqual(holders.map((m) => m.box_pk), [s.ada, s.cy].map((m) => b64uEncode(m.bundle.boxPk)));
  assert.deepEqual(Object.keys(holders[0]).sort(), ["box_pk", "display_name", "member_id", "record"]);
  assert.equal(office.startedBy("m_ada"), true);
  assert.equal(office.startedBy("m_cy"), false);
});

test("an office serving no log is not ready: nothing is sealed to or named from the server's lists", async () => {
  const s = setting();
  s.server.entries = [];
  const office = await loaded(s);
  assert.equal(office.log, null);
  for (const use of [() => office.requireLog(), () => office.keyHolders(), () => office.boxPk, () => office.visitorKdf]) {
    assert.throws(use, (err) => NOT_READY.test(err.userMessage));
  }
  assert.equal(office.keyVersion, undefined);
  assert.equal(office.memberName("m_ada"), FORMER_MEMBER);
  // What a key holder may check and sign to start the log: the server's word, marked as such.
  assert.deepEqual(office.serverRecords().members.map((m) => m.member_id), ["m_ada", "m_bob", "m_mallory"]);
});

test("later entries are applied as they come, each load asking only for what is new; onLoad follows each load", async () => {
  const s = setting();
  let loads = 0;
  const office = await loaded(s, { onLoad: async () => (loads += 1) });
  assert.equal(office.memberName("m_cy"), FORMER_MEMBER);
  s.log.add(s.cy, s.bob);
  await office.load();
  assert.equal(office.memberName("m_cy"), "Cy");
  assert.deepEqual(s.api.paths, ["/office", "/office/log?after=0", "/office", "/office/log?after=1"]);
  assert.equal(loads, 2);
});

// What a server may serve instead of the log a page verified (genesis, then Cy added): each a
// function of the setting giving the whole log served now.
const TAMPERINGS = {
  // A new entry altered after it was signed: Dee's name changed under Ada's signature.
  rewritten: (s) => {
    const signed = s.log.add(member("m_dee", "Dee"), s.ada).toJSON();
    const body = utf8Decode(b64uDecode(signed.body)).replace('"Dee"', '"Deirdre"');
    return [...s.log.entries.slice(0, 2), { toJSON: () => ({ ...signed, body: b64uEncode(utf8Encode(body)) }) }];
  },
  // A new entry that does not follow the last one verified: its prev is another entry's hash.
  forked: (s) => {
    const body = newBody(OFFICE_ID, 2, sodium.randombytes_buf(32), T0 + 20, "office_key", { office_key: officeKey(2).entry.toJSON() });
    return [...s.log.entries, makeEntry(body, [s.ada.signer])];
  },
  cut: (s) => s.log.entries.slice(0, 1),
  // As long as the log verified, with another second entry: only the served head tells.
  replaced: (s) => [s.log.entries[0], makeEntry(verifyLog(s.log.entries.slice(0, 1)).memberAdded(T0 + 10, s.mallory.record), [s.ada.signer])],
};

test("a later log rewritten, forked, cut short or replaced is an integrity error, and nothing of it is used", async () => {
  for (const [how, served] of Object.entries(TAMPERINGS)) {
    const s = setting();
    s.log.add(s.cy, s.ada);
    let loads = 0;
    const office = await loaded(s, { onLoad: async () => (loads += 1) });
    s.server.entries = served(s);
    await assert.rejects(office.load(), (err) => isIntegrityError(err) && TAMPERED.test(err.userMessage), how);
    assertNothingUsed(office, s.cy);
    assert.equal(loads, 1, how);
  }
});

test("a first log that does not verify, or is another office's, is an integrity error", async () => {
  const s = setting();
  const genesis = s.log.entries[0].toJSON();
  s.server.entries = [{ toJSON: () => ({ ...genesis, sigs: [{ by: "m_ada", sig: b64uEncode(sodium.randombytes_buf(64)) }] }) }];
  const office = new Office(s.api);
  await assert.rejects(office.load(), isIntegrityError);
  assertNothingUsed(office, s.ada);
  const elsewhere = setting();
  elsewhere.server.entries = new OfficeLog([elsewhere.ada], [elsewhere.k1], { officeId: "o_other" }).entries;
  await assert.rejects(loaded(elsewhere), isIntegrityError);
});

// Once the page refused a log, no later answer is believed: a fork served from its start would
// otherwise verify afresh.

test("a log refused once stays refused: a later load does not take the fork from its start", async () => {
  const s = setting();
  const office = await loaded(s);
  s.log.add(s.cy, s.ada);
  await office.load(); // verified: Ada, Bob, then Cy
  const fork = new OfficeLog([s.ada, s.bob], [s.k1]);
  fork.add(s.mallory, s.ada); // the same genesis, then another second entry, and a third on it
  fork.rotate(officeKey(2), s.ada);
  s.server.entries = fork.entries;
  await assert.rejects(office.load(), isIntegrityError);
  await assert.rejects(office.load(), isIntegrityError); // the server serves the same fork again
  assertNothingUsed(office, s.mallory);
});

test("two loads at once (a live event during an action's own load) take the new entries once, and refuse nothing", async () => {
  const s = setting();
  const office = await loaded(s);
  s.log.add(s.cy, s.ada);
  await Promise.all([office.load(), office.load(), office.load()]);
  assert.equal(office.log.length, 2);
  assert.equal(office.memberName("m_cy"), "Cy");
  await office.load(); // and the page goes on believing the log
  assert.equal(office.log.length, 2);
});
