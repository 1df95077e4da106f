import assert from "node:assert/strict";
import { test } from "node:test";
import { b64uEncode, bytesEqual } from "../../../static/js/crypto/encoding.js";
import { LogError } from "../../../static/js/crypto/errors.js";
import { kid, VISITOR_DEFAULT_KDF } from "../../../static/js/crypto/keys.js";
import {
  addSignature,
  entryHash,
  KeyVersion,
  LogEntry,
  LogSettings,
  makeEntry,
  MemberRecord,
  newBody,
} from "../../../static/js/crypto/log.js";
import { LogState, verifyLog } from "../../../static/js/crypto/log-state.js";
import { genesis, grownLog, MEMBER_FLOOR, newKey, OFFICE, person, SETTINGS, sodium, T0 } from "./log-fixtures.mjs";

const wire = (entries) => entries.map((e) => e.toJSON());
const ids = (records) => records.map((r) => r.memberId);

// The seq at which a verifier refuses the log, or null if it takes it whole.
function refusedAt(entries) {
  const state = new LogState();
  for (const [at, entry] of entries.entries()) {
    try {
      state.apply(entry);
    } catch (err) {
      if (err instanceof LogError) return at;
      throw err;
    }
  }
  return null;
}

test("a grown log says who is current, who is former, and which key is current", () => {
  const { entries, k1, k2, k3 } = grownLog();
  const state = verifyLog(wire(entries), OFFICE);
  assert.deepEqual(ids(state.currentMembers()), ["m_ada", "m_cy"]);
  assert.equal(state.currentKey.version, 3);
  assert.ok(bytesEqual(state.currentKey.boxPk, k3.boxPk));
  assert.deepEqual(state.keys.map((k) => b64uEncode(k.boxPk)), [k1, k2, k3].map((k) => b64uEncode(k.boxPk)));
  const bea = state.member("m_bea");
  assert.equal(bea.current, false);
  assert.equal(bea.removedAt, T0 + 40);
  assert.equal(bea.lastKey, 1);
  assert.equal(state.member("m_cy").addedSeq, 3);
  assert.equal(state.member("nobody"), null);
  assert.equal(state.settings.twoSignaturesToAdd, true);
  assert.equal(state.name, "Test Office");
});

test("applying entry by entry gives the same state as verifying the whole log", () => {
  const { entries } = grownLog();
  const state = new LogState();
  for (const [i, entry] of entries.entries()) {
    state.apply(entry);
    assert.equal(state.length, i + 1);
    assert.deepEqual(state.head, entryHash(entry.bodyBytes));
    assert.equal(state.fingerprint, verifyLog(entries.slice(0, 1)).fingerprint); // the genesis fixes it
  }
  const whole = verifyLog([entries[0], ...wire(entries.slice(1))]); // LogEntry objects and wire form mixed
  assert.deepEqual(whole.hashes, state.hashes);
  assert.equal(whole.shortCode, state.shortCode);
  for (let n = 1; n <= entries.length; n++) assert.ok(state.extends(n, state.hashes[n - 1]));
  assert.ok(!state.extends(0, state.head));
  assert.ok(!state.extends(entries.length + 1, state.head));
  assert.ok(!state.extends(3, state.hashes[3]));
});

test("next bodies follow the head, with the type's fields after the common ones", () => {
  const { entries, dee, k1 } = grownLog();
  const state = verifyLog(entries);
  const body = state.memberAdded(T0 + 60, dee.record);
  assert.deepEqual(body, {
    v: 2,
    office: OFFICE,
    seq: 6,
    prev: b64uEncode(state.head),
    at: T0 + 60,
    type: "member_added",
    member: dee.record.toJSON(),
  });
  assert.deepEqual(Object.keys(state.memberRemoved(T0, "m_cy", k1)).slice(6), ["member_id", "office_key"]);
  assert.deepEqual(Object.keys(state.officeKey(T0, k1)).slice(6), ["office_key"]);
  assert.deepEqual(Object.keys(state.settingsChange(T0, SETTINGS)).slice(6), ["settings"]);
});

test("every rule of section 3.4 refuses the log at the entry that breaks it", () => {
  const { entries: g, ada, bea, cy, dee, k1, k2 } = grownLog();
  const head2 = verifyLog(g.slice(0, 2));
  const reuse = new MemberRecord("m_new", "New", ada.record.signPk, dee.record.boxPk);
  const crossReuse = new MemberRecord("m_new", "New", dee.record.signPk, ada.record.signPk);
  const crossReuse2 = new MemberRecord("m_new", "New", ada.record.boxPk, dee.record.boxPk);
  const changedKdf = new LogSettings({ ops: 4, mem: VISITOR_DEFAULT_KDF.mem }, MEMBER_FLOOR);
  const resign = (at, change, ...signers) => [...g.slice(0, at), makeEntry({ ...g[at].body, ...change }, signers)];
  const tampered = new Uint8Array(g[1].sigs[0].sig);
  tampered[0] ^= 1;
  const cases = [
    ["no genesis first", g.slice(1), 0],
    ["prev names another entry", resign(1, { prev: b64uEncode(new Uint8Array(32)) }, ada.signer), 1],
    ["seq out of place", resign(1, { seq: 2 }, ada.signer), 1],
    ["another office's entry", resign(1, { office: "elsewhere" }, ada.signer), 1],
    ["signed by someone not in the log", resign(1, {}, dee.signer), 1],
    ["a signature altered", [g[0], new LogEntry(g[1].bodyBytes, g[1].body, [{ by: "m_ada", sig: tampered }])], 1],
    ["one signature where two are needed", resign(3, {}, ada.signer), 3],
    ["a removed member signs", resign(5, {}, bea.signer), 5],
    ["a key version skipped", resign(5, { office_key: new KeyVersion(5, newKey(5).boxPk).toJSON() }, cy.signer), 5],
    ["a key comes back", resign(5, { office_key: new KeyVersion(3, k1.boxPk).toJSON() }, cy.signer), 5],
    ["a member's key twice", [...g.slice(0, 2), makeEntry(head2.memberAdded(T0, reuse), [ada.signer])], 2],
    ["a sign key reused as a box key", [...g.slice(0, 2), makeEntry(head2.memberAdded(T0, crossReuse), [ada.signer])], 2],
    ["a box key reused as a sign key", [...g.slice(0, 2), makeEntry(head2.memberAdded(T0, crossReuse2), [ada.signer])], 2],
    ["an id twice", [...g.slice(0, 2), makeEntry(head2.memberAdded(T0, new MemberRecord("m_bea", "B", dee.record.signPk, dee.record.boxPk)), [ada.signer])], 2],
    ["a member removes themself", [...g.slice(0, 2), makeEntry(head2.memberRemoved(T0, "m_bea", k2), [bea.signer])], 2],
    ["a former member removed", [...g.slice(0, 5), makeEntry(verifyLog(g.slice(0, 5)).memberRemoved(T0, "m_bea", newKey(3)), [ada.signer])], 5],
    ["key derivation changed", [...g.slice(0, 2), makeEntry(head2.settingsChange(T0, changedKdf), [ada.signer])], 2],
    ["a second genesis", [g[0], makeEntry(newBody(OFFICE, 1, g[0].hash, T0, "genesis", genesisFields(g[0])), [ada.signer])], 1],
    ["a genesis signed by someone it does not name", [makeEntry(g[0].body, [dee.signer])], 0],
  ];
  for (const [why, log, at] of cases) assert.equal(refusedAt(log), at, why);
  assert.equal(refusedAt(g), null);
});

function genesisFields(entry) {
  const { name, members, former_members, office_keys, settings } = entry.body;
  return { name, members, former_members, office_keys, settings };
}

test("a genesis must name members, number its keys from 1 and keep the floors", () => {
  const ada = person("m_ada");
  const [k1, k2] = [newKey(1), newKey(2)];
  const weak = new LogSettings({ ops: 1, mem: 8192 }, { ops: 1, mem: 8192 });
  const refused = [
    genesis([ada], [k2]),
    genesis([ada], [k1, new KeyVersion(3, newKey(3).boxPk)]),
    genesis([ada], [k1, new KeyVersion(2, k1.boxPk)]),
    genesis([ada], [k1], { former: [ada] }),
    genesis([ada], [k1], { settings: weak }),
  ];
  for (const body of refused) assert.throws(() => verifyLog([makeEntry(body, [ada.signer])]), LogError);
  assert.equal(verifyLog([makeEntry(genesis([ada], [k1], { settings: weak }), [ada.signer])], null, { enforceFloor: false }).length, 1);
  assert.throws(() => verifyLog([]), /no log/);
  assert.throws(() => verifyLog([makeEntry(genesis([ada], [k1]), [ada.signer])], "office-elsewhere"), /another office/);
});

test("two signatures to add a member where required; a removed member signs nothing more", () => {
  const [ada, bea, cy] = [person("m_ada"), person("m_bea"), person("m_cy")];
  const twoSigs = new LogSettings(VISITOR_DEFAULT_KDF, MEMBER_FLOOR, true);
  const first = makeEntry(genesis([ada, bea], [newKey(1)], { settings: twoSigs }), [ada.signer]);
  const state = verifyLog([first]);
  const adding = makeEntry(state.memberAdded(T0 + 1, cy.record), [ada.signer]);
  assert.throws(() => verifyLog([first, adding]), /needs 2 signatures/);
  const cosigned = addSignature(adding, ...bea.signer);
  const grown = verifyLog(wire([first, cosigned]));
  assert.deepEqual(ids(grown.currentMembers()), ["m_ada", "m_bea", "m_cy"]);
  // Alone in the office, one signature adds a member even with two required.
  const solo = makeEntry(genesis([ada], [newKey(1)], { settings: twoSigs }), [ada.signer]);
  assert.equal(verifyLog([solo, makeEntry(verifyLog([solo]).memberAdded(T0, bea.record), [ada.signer])]).length, 2);
  // Bea removes Ada; Ada, gone, cannot remove Bea (nor can anyone: Bea is the last member).
  const removal = makeEntry(state.memberRemoved(T0 + 1, "m_ada", newKey(2)), [bea.signer]);
  const after = verifyLog([first, removal]);
  assert.deepEqual(ids(after.currentMembers()), ["m_bea"]);
  const byAda = makeEntry(after.memberRemoved(T0 + 2, "m_bea", newKey(3)), [ada.signer]);
  assert.throws(() => after.apply(byAda), /not a current member/);
});

test("item senders: current members always; former ones before removal, to keys of their time", () => {
  const { entries, ada, bea, dee, k1, k2, k3 } = grownLog();
  const state = verifyLog(entries);
  const removedAt = T0 + 40;
  const visitorKid = kid(sodium.crypto_box_keypair().publicKey);
  const sender = (p, at, keys) => {
    try {
      return state.itemSender(p.record.signPk, at, keys).memberId;
    } catch (err) {
      if (err instanceof LogError) return null;
      throw err;
    }
  };
  const k = (key) => kid(key.boxPk);
  assert.equal(sender(ada, T0 + 999, [k(k3)]), "m_ada");
  assert.equal(sender(ada, 0, []), "m_ada"); // a current member's items are not dated against the log
  assert.equal(sender(bea, removedAt - 1, [k(k1), visitorKid]), "m_bea");
  assert.equal(sender(bea, removedAt, [k(k1)]), null);
  assert.equal(sender(bea, removedAt - 1, [k(k2)]), null);
  assert.equal(sender(bea, removedAt - 1, [k(k1), k(k2)]), null);
  assert.equal(sender(bea, removedAt - 1, [visitorKid]), null);
  assert.equal(sender(dee, T0 + 1, [k(k1)]), null);
  assert.equal(state.memberBySignPk(bea.record.signPk).record.memberId, "m_bea");
  assert.equal(state.keyByKid(k(k2)).version, 2);
  assert.equal(state.keyByKid(visitorKid), null);
});

test("a migrated office's former members are former from the genesis, with its last key", () => {
  const [ada, bea, cy] = [person("m_ada"), person("m_bea"), person("m_cy")];
  const keys = [newKey(1), newKey(2)];
  const state = verifyLog([makeEntry(genesis([ada, bea], keys, { former: [cy] }), [bea.signer])]);
  assert.deepEqual(ids(state.currentMembers()), ["m_ada", "m_bea"]);
  assert.deepEqual([state.member("m_cy").removedAt, state.member("m_cy").lastKey], [T0, 2]);
  assert.equal(state.itemSender(cy.record.signPk, T0 - 1, [kid(keys[1].boxPk)]).memberId, "m_cy");
  assert.throws(() => verifyLog([makeEntry(genesis([ada], keys, { former: [cy] }), [cy.signer])]), LogError);
});
