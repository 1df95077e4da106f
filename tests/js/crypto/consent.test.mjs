import assert from "node:assert/strict";
import { test } from "node:test";
import {
  ANSWER_KIND,
  ConsentAnswer,
  ConsentRequest,
  consentDigest,
  consentState,
  parseAnswer,
  parseRequest,
  REQUEST_KIND,
  verifyAnswer,
} from "../../../static/js/crypto/consent.js";
import { b64uEncode } from "../../../static/js/crypto/encoding.js";
import { sealEnvelope } from "../../../static/js/crypto/envelope.js";
import { ConsentError, DecodeError } from "../../../static/js/crypto/errors.js";
import { signPkFromSeed } from "../../../static/js/crypto/keys.js";
import { getSodium, ready } from "../../../static/js/crypto/sodium.js";

await ready();
const sodium = getSodium();
const office = sodium.crypto_box_keypair();
const visitor = sodium.crypto_box_keypair();
const visitorSeed = sodium.randombytes_buf(32);
const memberSeed = sodium.randombytes_buf(32);
const visitorSignPk = signPkFromSeed(visitorSeed);
const memberSignPks = [signPkFromSeed(memberSeed)];
const NOW = 1_790_000_000;
const REQUEST = new ConsentRequest("Safety rules are skipped on the night shift.", "Senior group leader", false, NOW + 86400);

const seal = (payload, kind, senderSeed, caseId = "c_jane") =>
  sealEnvelope(payload, { caseId, kind, senderSeed, recipientBoxPks: [office.publicKey, visitor.publicKey], sentAt: NOW });
const request = () => seal(REQUEST.payload(), REQUEST_KIND, memberSeed);
const answer = (req, decision = "accept", seed = visitorSeed) =>
  seal(new ConsentAnswer(req.id, consentDigest(req), decision).payload(), ANSWER_KIND, seed);

test("the visitor's answer verifies against exactly its request, for either side", () => {
  const req = request();
  for (const boxSk of [office.privateKey, visitor.privateKey]) {
    for (const decision of ["accept", "decline", "withdraw"]) {
      const got = verifyAnswer(req.toJSON(), answer(req, decision).toJSON(), visitorSignPk, { boxSk, memberSignPks });
      assert.deepEqual([got.requestId, got.request, got.decision, got.answeredAt], [req.id, REQUEST, decision, NOW]);
    }
  }
  const other = request();
  assert.throws(() => verifyAnswer(other, answer(req), visitorSignPk, { boxSk: office.privateKey, memberSignPks }), /names another request/);
  assert.throws(() => verifyAnswer(req, answer(req, "accept", memberSeed), visitorSignPk, { boxSk: office.privateKey, memberSignPks }), ConsentError);
  assert.throws(() => verifyAnswer(req, answer(req), visitorSignPk, { boxSk: office.privateKey, memberSignPks: [] }), /not signed by a member/);
});

test("the digest is over the request's exact bytes, the same from an Envelope and its wire form", () => {
  const req = request();
  assert.deepEqual(consentDigest(req), consentDigest(req.toJSON()));
  const wire = req.toJSON();
  const sig = sodium.from_base64(wire.sig, sodium.base64_variants.URLSAFE_NO_PADDING);
  sig[0] ^= 1;
  assert.notDeepEqual(consentDigest({ ...wire, sig: b64uEncode(sig) }), consentDigest(req));
});

test("payloads hold exactly their fields", () => {
  assert.deepEqual(parseRequest({ ...REQUEST.payload(), pad: "" }), REQUEST);
  for (const bad of [
    REQUEST.payload(),
    { ...REQUEST.payload(), pad: "", extra: 1 },
    { ...REQUEST.payload(), pad: "", named: "no" },
    { ...REQUEST.payload(), pad: "", until: 1.5 },
    { ...REQUEST.payload(), pad: "", body: "" },
    { ...REQUEST.payload(), pad: "", with: "\ud800" },
    { ...REQUEST.payload(), pad: "", body: "x".repeat(4001) },
  ]) {
    assert.throws(() => parseRequest(bad), DecodeError);
  }
  const good = new ConsentAnswer(b64uEncode(new Uint8Array(16)), new Uint8Array(32), "decline");
  assert.deepEqual(parseAnswer({ ...good.payload(), pad: "" }), good);
  for (const bad of [{ ...good.payload(), pad: "", decision: "maybe" }, { ...good.payload(), pad: "", digest: "AA" }, good.payload()]) {
    assert.throws(() => parseAnswer(bad), DecodeError);
  }
  assert.throws(() => new ConsentRequest("words", " ", true, NOW), RangeError);
});

test("states follow the answers and the date", () => {
  const a = (decision, sentAt) => ({ decision, sentAt });
  assert.deepEqual(consentState(REQUEST, [], NOW), { state: "waiting", at: null });
  assert.deepEqual(consentState(REQUEST, [a("accept", NOW + 1)], NOW + 2), { state: "accepted", at: NOW + 1 });
  assert.deepEqual(consentState(REQUEST, [a("accept", NOW + 1), a("withdraw", NOW + 5)], NOW + 9), { state: "withdrawn", at: NOW + 5 });
  assert.deepEqual(consentState(REQUEST, [a("accept", NOW + 1)], REQUEST.until + 1), { state: "expired", at: REQUEST.until });
  assert.deepEqual(consentState(REQUEST, [a("decline", NOW + 1), a("accept", NOW + 2)], NOW + 3), { state: "declined", at: NOW + 1 });
});
