import assert from "node:assert/strict";
import { test } from "node:test";
import { b64uEncode } from "../../../static/js/crypto/encoding.js";
import { EnvelopeError } from "../../../static/js/crypto/errors.js";
import { signPkFromSeed } from "../../../static/js/crypto/keys.js";
import { newBundle } from "../../../static/js/crypto/member.js";
import { newOfficeKey, sealGrant } from "../../../static/js/crypto/office.js";
import { ready } from "../../../static/js/crypto/sodium.js";
import { memberCaseCrypto, visitorCaseCrypto } from "../../../static/js/models/case-crypto.js";
import { Keyring } from "../../../static/js/models/keyring.js";
import { Office } from "../../../static/js/models/office.js";

const sodium = await ready();
const CASE = "c_test0001";
const OFFICE_ID = "o_test";
const MESSAGE = { format: "plain", body: "hello, office" };
const words = ({ format, body }) => ({ format, body }); // an opened payload without its padding

/** An office of `names` holding one key version, each member granted it; and a visitor. */
async function setting(names = ["Alice", "Bob"]) {
  const key = newOfficeKey();
  const members = names.map((name, i) => {
    const bundle = newBundle();
    const grants = [{ version: 1, box_pk: b64uEncode(key.boxPk), grant: sealGrant(key.boxSk, bundle.boxPk) }];
    return { memberId: `m_${i}`, name, bundle, keyring: new Keyring(bundle, grants) };
  });
  const record = {
    office_id: OFFICE_ID,
    office_key: { version: 1, box_pk: b64uEncode(key.boxPk) },
    members: members.map((m) => ({ member_id: m.memberId, display_name: m.name, sign_pk: b64uEncode(m.bundle.signPk), active: true })),
  };
  const office = await new Office({ get: async () => record }).load();
  const signSeed = sodium.randombytes_buf(32);
  const box = sodium.crypto_box_keypair();
  const visitor = { signSeed, signPk: signPkFromSeed(signSeed), boxSk: box.privateKey, boxPk: box.publicKey };
  const caseRecord = { case_id: CASE, visitor_sign_pk: b64uEncode(visitor.signPk), visitor_box_pk: b64uEncode(visitor.boxPk) };
  return { office, members, visitor, caseRecord };
}

test("what the visitor seals, every member opens, and each side names its sender", async () => {
  const { office, members, visitor, caseRecord } = await setting();
  const mine = visitorCaseCrypto(office, visitor, CASE);
  const envelope = mine.seal(MESSAGE, { ttl: 3600, viewOnce: true, keep: false }).toJSON();
  for (const member of members) {
    const theirs = memberCaseCrypto(office, member, CASE, caseRecord);
    const { header, payload } = theirs.open(envelope);
    assert.deepEqual(words(payload), MESSAGE);
    assert.deepEqual([header.kind, header.ttl, header.view_once, header.keep], ["message", 3600, true, false]);
    assert.deepEqual(theirs.sender(header.sender), { label: "Visitor", mine: false });
  }
  const { header } = mine.open(envelope); // the visitor reads its own words back
  assert.deepEqual(mine.sender(header.sender), { label: "You", mine: true });
});

test("what a member seals, the visitor and the member's colleagues open", async () => {
  const { office, members, visitor, caseRecord } = await setting();
  const [alice, bob] = members.map((m) => memberCaseCrypto(office, m, CASE, caseRecord));
  const envelope = alice.seal(MESSAGE, { kind: "guidance" }).toJSON();
  const visitorSide = visitorCaseCrypto(office, visitor, CASE);
  const { header } = visitorSide.open(envelope);
  assert.equal(header.kind, "guidance");
  assert.deepEqual(visitorSide.sender(header.sender), { label: "Alice", mine: false });
  assert.deepEqual(alice.sender(header.sender), { label: "Alice", mine: true });
  assert.deepEqual(bob.sender(header.sender), { label: "Alice", mine: false });
  assert.deepEqual(words(bob.open(envelope).payload), MESSAGE);
});

test("watermarks name the case on the visitor's side and the member on a member's", async () => {
  const { office, members, visitor, caseRecord } = await setting();
  assert.equal(visitorCaseCrypto(office, visitor, CASE).reader, "Case c_test0001");
  assert.equal(memberCaseCrypto(office, members[1], CASE, caseRecord).reader, "Bob");
  assert.equal(memberCaseCrypto(office, members[1], CASE, caseRecord).nameOf("visitor"), "the visitor");
  assert.equal(visitorCaseCrypto(office, visitor, CASE).nameOf("m_0"), "Alice");
});

test("an envelope of another case, or signed by someone outside it, does not open", async () => {
  const { office, members, visitor, caseRecord } = await setting();
  const other = visitorCaseCrypto(office, visitor, "c_other0001").seal(MESSAGE).toJSON();
  assert.throws(() => memberCaseCrypto(office, members[0], CASE, caseRecord).open(other), EnvelopeError);
  const stranger = await setting(["Mallory"]); // another office's member: unknown to this one
  const forged = memberCaseCrypto(stranger.office, stranger.members[0], CASE, caseRecord);
  assert.throws(() => visitorCaseCrypto(office, visitor, CASE).open(forged.seal(MESSAGE).toJSON()), EnvelopeError);
});

test("the office's own items (templates) are sealed to the office key alone, under its id", async () => {
  const { office, members, visitor } = await setting();
  const envelope = memberCaseCrypto(office, members[0], OFFICE_ID).seal(MESSAGE, { kind: "template" });
  assert.equal(envelope.header.recipients.length, 1);
  assert.equal(envelope.header.keep, undefined); // left out, as templates carry it
  assert.deepEqual(words(memberCaseCrypto(office, members[1], OFFICE_ID).open(envelope.toJSON()).payload), MESSAGE);
  assert.throws(() => visitorCaseCrypto(office, visitor, OFFICE_ID).open(envelope.toJSON()), EnvelopeError);
});

test("a member without the current office key cannot seal, and is told why", async () => {
  const { office, caseRecord } = await setting();
  const newcomer = { memberId: "m_new", keyring: new Keyring(newBundle(), []) };
  const caseCrypto = memberCaseCrypto(office, newcomer, CASE, caseRecord);
  assert.throws(() => caseCrypto.seal(MESSAGE), (err) => /grant it to you/.test(err.userMessage));
});
