import assert from "node:assert/strict";
import { test } from "node:test";
import { makeEntry, pinOf, sealPin, verifyLog } from "../../../static/js/crypto/index.js";
import { isIntegrityError } from "../../../static/js/models/integrity.js";
import { NO_PIN, PINNED, PinKeeper } from "../../../static/js/models/pins.js";
import { CASE, member, OfficeLog, officeKey, T0, visitor } from "./office-fixtures.mjs";

const PIN_PATH = `/cases/${CASE}/pin`;
const CHANGED = /cut short or rewritten/;
const UNREADABLE = /does not open with your keys/;

/** A stand-in for models/api.js keeping the one pin PUT at PIN_PATH, and answering GET with it. */
function pinApi() {
  const api = { stored: null, puts: 0 };
  api.get = async (path) => (assert.equal(path, PIN_PATH), { envelope: api.stored });
  api.request = async (method, path, body) => {
    assert.deepEqual([method, path], ["PUT", PIN_PATH]);
    api.stored = body.envelope;
    api.puts += 1;
    return {};
  };
  return api;
}

/** A log of Ada and Bob in which Ada then adds Cy (2 entries); a visitor who pins it, and their keeper. */
function setting() {
  const [ada, bob, cy] = [member("m_ada", "Ada"), member("m_bob", "Bob"), member("m_cy", "Cy")];
  const log = new OfficeLog([ada, bob], [officeKey(1)]);
  log.add(cy, ada);
  const owner = visitor();
  const api = pinApi();
  return { ada, bob, log, owner, api, keeper: () => new PinKeeper(api, { path: PIN_PATH, caseId: CASE, keys: owner }) };
}

/** The first entries of `log`, then one of `grow(state)`, signed by `by`: a log that parts from it there. */
function forkAfter(log, length, grow, by) {
  const state = verifyLog(log.entries.slice(0, length));
  state.apply(makeEntry(grow(state), [by.signer]));
  return state;
}

const integrity = (pattern) => (err) => isIntegrityError(err) && pattern.test(err.userMessage);

test("with no pin stored, a check finds none; once stored, the same log and a longer one are pinned", async () => {
  const s = setting();
  const keeper = s.keeper();
  assert.equal(await keeper.check(s.log.state), NO_PIN);
  await keeper.store(s.log.state);
  assert.equal(s.api.puts, 1);
  assert.equal(await s.keeper().check(s.log.state), PINNED); // a later sign-in, on a new page
  s.log.rotate(officeKey(2), s.bob);
  assert.equal(await s.keeper().check(s.log.state), PINNED);
});

test("a log cut short after the pin is an integrity error", async () => {
  const s = setting();
  await s.keeper().store(s.log.state);
  const cut = verifyLog(s.log.entries.slice(0, 1));
  await assert.rejects(s.keeper().check(cut), integrity(CHANGED));
});

test("a log forked after the pin, as long as the pinned one or longer, is an integrity error", async () => {
  const s = setting();
  await s.keeper().store(s.log.state);
  const dee = member("m_dee", "Dee");
  const forked = forkAfter(s.log, 1, (state) => state.memberAdded(T0 + 10, dee.record), s.ada);
  assert.equal(forked.length, s.log.state.length);
  await assert.rejects(s.keeper().check(forked), integrity(CHANGED));
  forked.apply(makeEntry(forked.officeKey(T0 + 20, officeKey(2).entry), [s.bob.signer]));
  await assert.rejects(s.keeper().check(forked), integrity(CHANGED));
});

test("another office's log is an integrity error, even when it is as long", async () => {
  const s = setting();
  await s.keeper().store(s.log.state);
  const [eve, fay] = [member("m_eve", "Eve"), member("m_fay", "Fay")];
  const elsewhere = new OfficeLog([eve], [officeKey(1)]);
  elsewhere.add(fay, eve);
  await assert.rejects(s.keeper().check(elsewhere.state), integrity(CHANGED));
});

test("a pin the owner did not seal, or sealed for another case, does not open: an integrity error", async () => {
  const s = setting();
  const mallory = member("m_mallory", "Mallory");
  const sealedBy = (signSeed, caseId = CASE) =>
    sealPin(pinOf(s.log.state), { caseId, signSeed, boxPk: s.owner.boxPk, sentAt: T0 }).toJSON();
  s.api.stored = sealedBy(s.owner.signSeed); // the control: the owner's own
  assert.equal(await s.keeper().check(s.log.state), PINNED);
  s.api.stored = sealedBy(mallory.bundle.signSeed); // the operator's pin, to the owner's box key
  await assert.rejects(s.keeper().check(s.log.state), integrity(UNREADABLE));
  s.api.stored = sealedBy(s.owner.signSeed, "c_other0001");
  await assert.rejects(s.keeper().check(s.log.state), integrity(UNREADABLE));
});

test("the view-once ids stored are opened before, for this page and the next; a later store keeps them", async () => {
  const s = setting();
  const keeper = s.keeper();
  assert.equal(keeper.openedBefore("i1"), false);
  await keeper.store(s.log.state, ["i1"]);
  assert.equal(keeper.openedBefore("i1"), true);
  assert.equal(keeper.openedBefore("i2"), false);
  const next = s.keeper(); // the next sign-in
  assert.equal(next.openedBefore("i1"), false); // nothing known before the pin is read
  await next.check(s.log.state);
  assert.equal(next.openedBefore("i1"), true);
  await next.store(s.log.state, ["i2"]);
  const third = s.keeper();
  await third.check(s.log.state);
  assert.deepEqual(["i1", "i2", "i3"].map((id) => third.openedBefore(id)), [true, true, false]);
});
