import assert from "node:assert/strict";
import { test } from "node:test";
import { b64uEncode, EnvelopeError, kid, LogError, newBundle, openEnvelope } from "../../../static/js/crypto/index.js";
import { memberCaseCrypto, visitorCaseCrypto } from "../../../static/js/models/case-crypto.js";
import { Keyring } from "../../../static/js/models/keyring.js";
import { FORMER_MEMBER, Office } from "../../../static/js/models/office.js";
import { CASE, itemBy, member, OFFICE_ID, officeApi, OfficeLog, officeKey } from "./office-fixtures.mjs";
import { serverRecord, signedIn, T0, visitor } from "./office-fixtures.mjs";

const MESSAGE = { format: "plain", body: "hello, office" };
const words = ({ format, body }) => ({ format, body }); // an opened payload without its padding
const REMOVED_AT = T0 + 100; // when Bob is removed, in the tests that remove him

/**
 * An office whose log names Ada and Bob, each granted key 1, and a visitor with their case. The
 * server also lists Mallory, and grants her the key: the log does not name her. `grow(s)` may
 * add entries to the log before the office is loaded.
 */
async function setting(grow = () => {}) {
  const [ada, bob, mallory] = [member("m_ada", "Ada"), member("m_bob", "Bob"), member("m_mallory", "Mallory")];
  const k1 = officeKey(1);
  const log = new OfficeLog([ada, bob], [k1]);
  const server = { record: serverRecord([ada, bob, mallory], [k1]), entries: log.entries };
  const s = { ada, bob, mallory, k1, log, server, visitor: visitor() };
  grow(s);
  s.office = await new Office(officeApi(server)).load();
  s.members = [ada, bob].map((m) => signedIn(m, [k1]));
  s.sides = (who, caseId = CASE) => memberCaseCrypto(s.office, who, caseId, s.visitor.caseRecord);
  s.visitorSide = (caseId = CASE) => visitorCaseCrypto(s.office, s.visitor, caseId);
  return s;
}

const kids = (envelope) => envelope.header.recipients.map((r) => r.kid);

test("what the visitor seals, every member opens, and each side names its sender", async () => {
  const s = await setting();
  const mine = s.visitorSide();
  const envelope = mine.seal(MESSAGE, { ttl: 3600, viewOnce: true, keep: false }).toJSON();
  for (const member of s.members) {
    const theirs = s.sides(member);
    const { header, payload } = theirs.open(envelope);
    assert.deepEqual(words(payload), MESSAGE);
    assert.deepEqual([header.kind, header.ttl, header.view_once, header.keep], ["message", 3600, true, false]);
    assert.deepEqual(theirs.sender(header.sender), { label: "Visitor", mine: false });
    assert.equal(theirs.fromOtherSide(header), true);
  }
  const { header } = mine.open(envelope); // the visitor reads its own words back
  assert.deepEqual(mine.sender(header.sender), { label: "You", mine: true });
  assert.equal(mine.fromOtherSide(header), false);
});

test("what a member seals, the visitor and the member's colleagues open", async () => {
  const s = await setting();
  const [ada, bob] = s.members.map((m) => s.sides(m));
  const envelope = ada.seal(MESSAGE, { kind: "guidance" }).toJSON();
  const visitorSide = s.visitorSide();
  const { header } = visitorSide.open(envelope);
  assert.equal(header.kind, "guidance");
  assert.deepEqual(visitorSide.sender(header.sender), { label: "Ada", mine: false });
  assert.equal(visitorSide.fromOtherSide(header), true);
  assert.deepEqual(ada.sender(header.sender), { label: "Ada", mine: true });
  assert.deepEqual(bob.sender(header.sender), { label: "Ada", mine: false });
  assert.equal(bob.fromOtherSide(header), false);
  assert.deepEqual(words(bob.open(envelope).payload), MESSAGE);
});

test("watermarks name the case on the visitor's side and the member on a member's", async () => {
  const s = await setting();
  assert.equal(s.visitorSide().reader, "Case c_test0001");
  assert.equal(s.sides(s.members[1]).reader, "Bob");
  assert.equal(s.sides(s.members[1]).nameOf("visitor"), "the visitor");
  assert.equal(s.visitorSide().nameOf("m_ada"), "Ada");
});

test("an envelope of another case, or signed by another office's member, does not open", async () => {
  const s = await setting();
  const other = s.visitorSide("c_other0001").seal(MESSAGE).toJSON();
  assert.throws(() => s.sides(s.members[0]).open(other), EnvelopeError);
  const stranger = await setting(); // another office: its members are unknown to this one
  const forged = memberCaseCrypto(stranger.office, stranger.members[0], CASE, s.visitor.caseRecord);
  assert.throws(() => s.visitorSide().open(forged.seal(MESSAGE).toJSON()), EnvelopeError);
});

test("a member the server lists but the log does not: what they seal opens for nobody", async () => {
  const s = await setting();
  const mallory = s.sides(signedIn(s.mallory, [s.k1])); // the server even granted her the office key
  const envelope = mallory.seal(MESSAGE).toJSON();
  assert.throws(() => s.visitorSide().open(envelope), EnvelopeError);
  assert.throws(() => s.sides(s.members[0]).open(envelope), EnvelopeError);
  assert.deepEqual(s.visitorSide().sender(b64uEncode(s.mallory.bundle.signPk)), { label: FORMER_MEMBER, mine: false });
  assert.equal(s.office.memberName("m_mallory"), FORMER_MEMBER);
});

test("both sides seal to the log's current key, never to one the server alone lists", async () => {
  const s = await setting();
  const rogue = officeKey(2);
  s.server.record = serverRecord([s.ada, s.bob], [s.k1, rogue]);
  await s.office.load();
  const fromVisitor = s.visitorSide().seal(MESSAGE);
  assert.deepEqual(kids(fromVisitor), [kid(s.k1.boxPk), kid(s.visitor.boxPk)]);
  assert.throws(() => openEnvelope(fromVisitor.toJSON(), rogue.boxSk, [s.visitor.signPk], CASE), EnvelopeError);
  const granted = signedIn(s.ada, [s.k1, rogue]); // a grant of the operator's key, too
  const fromMember = s.sides(granted).seal(MESSAGE);
  assert.deepEqual(kids(fromMember), [kid(s.k1.boxPk), kid(s.visitor.boxPk)]);
});

test("a removed member's item sent before the removal opens; one sent after, or sealed to a later key, is refused", async () => {
  const k2 = officeKey(2);
  const s = await setting(({ log, ada }) => log.remove("m_bob", k2, ada, REMOVED_AT));
  const visitorSide = s.visitorSide();
  const bobs = (officeKey, sentAt) => itemBy(s.bob, { officeKey, visitor: s.visitor, sentAt });
  const early = visitorSide.open(bobs(s.k1, REMOVED_AT - 1));
  assert.deepEqual(visitorSide.sender(early.header.sender), { label: "Bob", mine: false });
  const ada = s.sides(signedIn(s.ada, [s.k1, k2]));
  assert.equal(ada.open(bobs(s.k1, REMOVED_AT - 1)).payload.body, "from Bob");
  assert.throws(() => visitorSide.open(bobs(s.k1, REMOVED_AT)), LogError);
  assert.throws(() => visitorSide.open(bobs(k2, REMOVED_AT - 1)), LogError); // to a key made at the removal
  assert.throws(() => ada.open(bobs(k2, REMOVED_AT + 50)), LogError);
  // Ada, still a member, sends whenever she likes.
  assert.equal(visitorSide.open(itemBy(s.ada, { officeKey: k2, visitor: s.visitor, sentAt: REMOVED_AT + 50 })).payload.body, "from Ada");
});

test("the office's own items (templates) are sealed to the office key alone, under its id", async () => {
  const s = await setting();
  const [ada, bob] = s.members.map((m) => memberCaseCrypto(s.office, m, OFFICE_ID)); // no visitor
  const envelope = ada.seal(MESSAGE, { kind: "template" });
  assert.deepEqual(kids(envelope), [kid(s.k1.boxPk)]);
  assert.equal(envelope.header.keep, undefined); // left out, as templates carry it
  assert.deepEqual(words(bob.open(envelope.toJSON()).payload), MESSAGE);
  assert.throws(() => s.visitorSide(OFFICE_ID).open(envelope.toJSON()), EnvelopeError);
});

test("a member without the current office key cannot seal, and is told why", async () => {
  const s = await setting();
  const newcomer = { memberId: "m_new", keyring: new Keyring(newBundle(), []) };
  assert.throws(() => s.sides(newcomer).seal(MESSAGE), (err) => /grant it to you/.test(err.userMessage));
});
