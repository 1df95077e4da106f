import assert from "node:assert/strict";
import { test } from "node:test";
import { b64uEncode } from "../../../static/js/crypto/encoding.js";
import { sealEnvelope } from "../../../static/js/crypto/envelope.js";
import { EnvelopeError, LogError } from "../../../static/js/crypto/errors.js";
import { makeEntry } from "../../../static/js/crypto/log.js";
import { verifyLog } from "../../../static/js/crypto/log-state.js";
import { checkPin, memberPinCase, openPin, Pin, pinOf, sealPin, VIEW_ONCE_KEPT } from "../../../static/js/crypto/pin.js";
import { grownLog, newKey, person, T0 } from "./log-fixtures.mjs";

const CASE = memberPinCase("m_cy");

function sealed(pin, owner, options = {}) {
  return sealPin(pin, { caseId: CASE, signSeed: owner.signSeed, boxPk: owner.record.boxPk, sentAt: T0, ...options }).toJSON();
}

const opens = (wire, owner, { caseId = CASE, signPk = owner.record.signPk, boxSk = owner.boxSk } = {}) =>
  openPin(wire, { caseId, signPk, boxSk });

test("a pin sealed by its owner opens with the owner's keys, intact", () => {
  const { entries, cy } = grownLog();
  const state = verifyLog(entries);
  const pin = pinOf(state, null, ["item-1", "item-2"]);
  assert.deepEqual(Object.keys(pin.toJSON()), ["length", "head", "fingerprint", "view_once"]);
  const back = opens(sealed(pin, cy), cy);
  assert.ok(back instanceof Pin);
  assert.deepEqual(back.toJSON(), pin.toJSON());
  assert.deepEqual([back.length, back.fingerprint, back.viewOnce], [6, state.fingerprint, ["item-1", "item-2"]]);
  checkPin(state, back);
  assert.equal(CASE, "member:m_cy");
});

test("a pin opens with nobody else's keys, nor for another case", () => {
  const { entries, ada, cy } = grownLog();
  const wire = sealed(pinOf(verifyLog(entries)), cy);
  assert.throws(() => opens(wire, cy, { signPk: ada.record.signPk }), EnvelopeError);
  assert.throws(() => opens(wire, cy, { boxSk: ada.boxSk }), EnvelopeError);
  assert.throws(() => opens(wire, cy, { caseId: "c_other" }), EnvelopeError);
  // Sealed by someone else to Cy's box key: Cy expects their own signature only.
  const forged = sealPin(pinOf(verifyLog(entries)), { caseId: CASE, signSeed: ada.signSeed, boxPk: cy.record.boxPk, sentAt: T0 });
  assert.throws(() => opens(forged.toJSON(), cy), EnvelopeError);
});

test("an envelope that opens but is not a pin is refused as one", () => {
  const { entries, cy } = grownLog();
  const good = pinOf(verifyLog(entries)).toJSON();
  const seal = (payload, kind = "pin") =>
    sealEnvelope(payload, { caseId: CASE, kind, senderSeed: cy.signSeed, recipientBoxPks: [cy.record.boxPk], sentAt: T0 }).toJSON();
  opens(seal({ format: "pin", body: "", pin: good }), cy); // the control opens
  for (const wire of [
    seal({ format: "pin", body: "", pin: good }, "message"),
    seal({ format: "pin", body: "" }),
    seal({ format: "pin", body: "", pin: "pin" }),
    seal({ format: "pin", body: "", pin: { ...good, length: "6" } }),
    seal({ format: "pin", body: "", pin: { ...good, length: true } }),
    seal({ format: "pin", body: "", pin: { ...good, head: good.head.slice(2) } }),
    seal({ format: "pin", body: "", pin: { ...good, view_once: [1] } }),
    seal({ format: "pin", body: "", pin: { ...good, fingerprint: null } }),
  ]) {
    assert.throws(() => opens(wire, cy), EnvelopeError);
  }
});

test("checkPin catches a cut log, a rewritten one and another office's", () => {
  const { entries, ada, cy } = grownLog();
  const state = verifyLog(entries);
  const pin = opens(sealed(pinOf(state), cy), cy);
  checkPin(state, pin);
  const longer = verifyLog([...entries, makeEntry(state.officeKey(T0 + 60, newKey(4)), [ada.signer])]);
  checkPin(longer, pin);
  assert.throws(() => checkPin(verifyLog(entries.slice(0, 5)), pin), /does not extend/);
  const fork = verifyLog([...entries.slice(0, 5), makeEntry(verifyLog(entries.slice(0, 5)).officeKey(T0 + 51, newKey(3)), [cy.signer])]);
  assert.equal(fork.length, pin.length);
  assert.throws(() => checkPin(fork, pin), LogError);
  const other = person("m_ada");
  const elsewhere = verifyLog([makeEntry({ ...entries[0].body, members: [other.record.toJSON()] }, [other.signer])]);
  assert.throws(() => checkPin(elsewhere, pin), /fingerprint/);
  assert.throws(() => checkPin(state, new Pin(pin.length, new Uint8Array(32), pin.fingerprint)), LogError);
});

test("a new pin keeps the newest view-once ids and adds only those not yet kept", () => {
  const { entries } = grownLog();
  const state = verifyLog(entries);
  const full = new Pin(1, state.hashes[0], state.fingerprint, Array.from({ length: VIEW_ONCE_KEPT }, (_, n) => `i${n}`));
  const next = pinOf(state, full, ["i5", "new"]);
  assert.equal(next.viewOnce.length, VIEW_ONCE_KEPT);
  assert.deepEqual(next.viewOnce.slice(-2), ["i999", "new"]);
  assert.equal(next.viewOnce[0], "i1");
  assert.deepEqual([next.length, b64uEncode(next.head)], [state.length, b64uEncode(state.head)]);
  assert.deepEqual(pinOf(state, next).viewOnce, next.viewOnce);
});
