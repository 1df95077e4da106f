import assert from "node:assert/strict";
import { test } from "node:test";
import { b64uEncode } from "../../../static/js/crypto/encoding.js";
import { fingerprint } from "../../../static/js/crypto/keys.js";
import { newOfficeKey } from "../../../static/js/crypto/office.js";
import { ready } from "../../../static/js/crypto/sodium.js";
import { FORMER_MEMBER, Office, VISITOR } from "../../../static/js/models/office.js";

await ready();
const KEY = newOfficeKey();
const ALICE = { member_id: "m_alice", display_name: "Alice", sign_pk: "a".repeat(43), box_pk: "b".repeat(43), active: true };
const BOB = { member_id: "m_bob", display_name: "Bob", sign_pk: "c".repeat(43), box_pk: "d".repeat(43), active: false };
const CAROL = { member_id: "m_carol", display_name: "Carol", sign_pk: "e".repeat(43), box_pk: "f".repeat(43), active: true };
const RECORD = {
  office_id: "o_test",
  limits: { session_idle_minutes: 30 },
  office_key: { version: 2, box_pk: b64uEncode(KEY.boxPk) },
  members: [ALICE, BOB, CAROL],
};

/** A stand-in for models/api.js answering GET /office with `record`. */
function apiAnswering(record) {
  return { get: async (path) => (assert.equal(path, "/office"), structuredClone(record)) };
}

test("members are named by display name, and one label serves every member the office does not list", async () => {
  const office = await new Office(apiAnswering(RECORD)).load();
  assert.equal(office.memberName("m_bob"), "Bob"); // removed members stay listed: what they sent still verifies
  assert.equal(office.memberName("m_gone"), FORMER_MEMBER);
  assert.equal(office.sender("z".repeat(43), VISITOR).label, FORMER_MEMBER);
  assert.equal(office.sender("z".repeat(43), "m_alice").label, FORMER_MEMBER);
});

test("the visitor is You on its own page, and Visitor or the visitor on a member's", async () => {
  const office = await new Office(apiAnswering(RECORD)).load();
  const visitorPk = "v".repeat(43);
  assert.deepEqual(office.sender(visitorPk, VISITOR, visitorPk), { label: "You", mine: true });
  assert.deepEqual(office.sender(visitorPk, "m_alice", visitorPk), { label: "Visitor", mine: false });
  assert.equal(office.viewerName(VISITOR, VISITOR), "You");
  assert.equal(office.viewerName(VISITOR, "m_alice"), "the visitor");
  assert.equal(office.viewerName("m_carol", VISITOR), "Carol");
});

test("a member's own items are theirs alone; the visitor owns none of the office's", async () => {
  const office = await new Office(apiAnswering(RECORD)).load();
  assert.deepEqual(office.sender(ALICE.sign_pk, "m_alice"), { label: "Alice", mine: true });
  assert.deepEqual(office.sender(ALICE.sign_pk, "m_carol"), { label: "Alice", mine: false });
  assert.deepEqual(office.sender(ALICE.sign_pk, VISITOR, "v".repeat(43)), { label: "Alice", mine: false });
});

test("key holders are the active members but those waiting for the key", async () => {
  const office = await new Office(apiAnswering(RECORD)).load();
  assert.deepEqual(office.keyHolders(["m_carol"]).map((m) => m.member_id), ["m_alice"]);
  assert.deepEqual(Object.keys(office.keyHolders([])[0]).sort(), ["box_pk", "display_name", "member_id"]);
  assert.equal(office.keyVersion, 2);
  assert.deepEqual(office.boxPk, KEY.boxPk);
});

test("a pinned office refuses a key other than the one the page showed, or none", async () => {
  const pin = fingerprint(KEY.boxPk);
  assert.equal((await new Office(apiAnswering(RECORD), { pin }).load()).id, "o_test");
  const other = { ...RECORD, office_key: { version: 3, box_pk: b64uEncode(newOfficeKey().boxPk) } };
  await assert.rejects(new Office(apiAnswering(other), { pin }).load(), (err) => /differs from the fingerprint/.test(err.userMessage));
  await assert.rejects(new Office(apiAnswering(RECORD), { pin: "" }).load(), (err) => /differs/.test(err.userMessage));
  const notReady = { ...RECORD, office_key: null };
  await assert.rejects(new Office(apiAnswering(notReady), { pin }).load(), (err) => /not ready/.test(err.userMessage));
});

test("a failed load keeps what the office was, and onLoad runs after each good one", async () => {
  let loads = 0;
  const pin = fingerprint(KEY.boxPk);
  const office = new Office(apiAnswering(RECORD), { pin, onLoad: async () => (loads += 1) });
  await office.load();
  await office.load();
  assert.equal(loads, 2);
  office.api = apiAnswering({ ...RECORD, office_key: { version: 3, box_pk: b64uEncode(newOfficeKey().boxPk) } });
  await assert.rejects(office.load());
  assert.equal(loads, 2);
  assert.equal(office.keyVersion, 2);
});
