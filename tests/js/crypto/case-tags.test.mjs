import assert from "node:assert/strict";
import { test } from "node:test";
import { CaseTags, openTags, parseTags, quarterOf, sealTags } from "../../../static/js/crypto/case-tags.js";
import { openEnvelope, sealEnvelope } from "../../../static/js/crypto/envelope.js";
import { EnvelopeError } from "../../../static/js/crypto/errors.js";
import { signPkFromSeed } from "../../../static/js/crypto/keys.js";
import { getSodium, ready } from "../../../static/js/crypto/sodium.js";
import { currentRecords } from "../../../static/js/models/case-tags.js";

await ready();
const office = getSodium().crypto_box_keypair();
const other = getSodium().crypto_box_keypair();
const signSeed = new Uint8Array(32).fill(3);
const senders = [signPkFromSeed(signSeed)];
const officeId = "office-1";
const sentAt = 1_790_000_000;

test("a record opens with the office key to its case, quarter and codes, and shows none of them", () => {
  const tags = new CaseTags("c_1", "2026-Q3", ["2", "2.h", "5.c"]);
  const envelope = sealTags(tags, { officeId, signSeed, officeBoxPk: office.publicKey, sentAt }).toJSON();
  assert.deepEqual(openTags(envelope, { officeId, officeBoxSk: office.privateKey, senders }).toJSON(), tags.toJSON());
  assert.ok(!JSON.stringify(envelope).includes("c_1"));
  assert.throws(() => openTags(envelope, { officeId, officeBoxSk: other.privateKey, senders }), EnvelopeError);
  assert.throws(() => openTags(envelope, { officeId: "office-2", officeBoxSk: office.privateKey, senders }), EnvelopeError);
  const opened = openEnvelope(envelope, office.privateKey, senders, officeId);
  assert.equal(parseTags(opened, "c_1").caseId, "c_1");
  assert.throws(() => parseTags(opened, "c_2"), EnvelopeError);
});

test("a record with a lifetime, another kind or a field too many is refused", () => {
  const payload = { format: "case-tags", body: "", tags: { case: "c_1", quarter: "2026-Q3", codes: [] } };
  const seal = (p, extra = {}) =>
    sealEnvelope(p, { caseId: officeId, kind: "tags", senderSeed: signSeed, recipientBoxPks: [office.publicKey], sentAt, ...extra }).toJSON();
  const open = (env) => parseTags(openEnvelope(env, office.privateKey, senders, officeId));
  assert.deepEqual(open(seal(payload)).codes, []);
  for (const env of [
    seal(payload, { ttl: 3600 }),
    seal(payload, { kind: "message" }),
    seal({ ...payload, note: "" }),
    seal({ ...payload, tags: { ...payload.tags, codes: ["2.H"] } }),
    seal({ ...payload, tags: { ...payload.tags, quarter: "2026-Q5" } }),
  ]) {
    assert.throws(() => open(env), EnvelopeError);
  }
});

test("quarters are UTC calendar quarters", () => {
  assert.equal(quarterOf(1_767_225_599), "2025-Q4");
  assert.equal(quarterOf(1_767_225_600), "2026-Q1");
});

test("each case's current record is its latest", () => {
  const current = currentRecords([
    { id: "b", caseId: "c_1", sentAt: 10 },
    { id: "a", caseId: "c_1", sentAt: 20 },
    { id: "c", caseId: "c_2", sentAt: 5 },
    { id: "d", caseId: "c_2", sentAt: 5 },
  ]);
  assert.deepEqual([current.get("c_1").id, current.get("c_2").id], ["a", "d"]);
});
