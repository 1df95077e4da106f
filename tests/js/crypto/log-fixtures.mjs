// Shared by the log, log-state and pin tests: people and office keys drawn fresh on each run,
// and a log grown as crypto/make_log_vectors.py grows its own (with fixed keys there).

import { signPkFromSeed, MEMBER_FLOOR_MEM, MEMBER_FLOOR_OPS, VISITOR_DEFAULT_KDF } from "../../../static/js/crypto/keys.js";
import { genesisBody, KeyVersion, LogSettings, makeEntry, MemberRecord } from "../../../static/js/crypto/log.js";
import { LogState } from "../../../static/js/crypto/log-state.js";
import { ready } from "../../../static/js/crypto/sodium.js";

export const sodium = await ready();
export const OFFICE = "office-test";
export const T0 = 1_790_000_000;
export const MEMBER_FLOOR = Object.freeze({ ops: MEMBER_FLOOR_OPS, mem: MEMBER_FLOOR_MEM });
export const SETTINGS = new LogSettings(VISITOR_DEFAULT_KDF, MEMBER_FLOOR);

/** A member with fresh keys: {record, signSeed, boxSk, signer: [memberId, signSeed]}. */
export function person(memberId, displayName = memberId) {
  const signSeed = sodium.randombytes_buf(32);
  const box = sodium.crypto_box_keypair();
  const record = new MemberRecord(memberId, displayName, signPkFromSeed(signSeed), box.publicKey);
  return { record, signSeed, boxSk: box.privateKey, signer: [memberId, signSeed] };
}

export function newKey(version) {
  return new KeyVersion(version, sodium.crypto_box_keypair().publicKey);
}

export function genesis(members, keys, { former = [], settings = SETTINGS, officeId = OFFICE } = {}) {
  return genesisBody(officeId, T0, "Test Office", members.map((p) => p.record), former.map((p) => p.record), keys, settings);
}

/**
 * Genesis with Ada; Bea added; two signatures required; Cy added by two; Bea removed (the key
 * rotated to K2); a rotation to K3. Returns {entries, ada, bea, cy, dee, k1, k2, k3}.
 */
export function grownLog() {
  const [ada, bea, cy, dee] = [person("m_ada", "Ada"), person("m_bea", "Béatrice 🙂"), person("m_cy"), person("m_dee")];
  const [k1, k2, k3] = [newKey(1), newKey(2), newKey(3)];
  const state = new LogState();
  const entries = [];
  const grow = (body, ...signers) => {
    const entry = makeEntry(body, signers);
    state.apply(entry);
    entries.push(entry);
  };
  grow(genesis([ada], [k1]), ada.signer);
  grow(state.memberAdded(T0 + 10, bea.record), ada.signer);
  grow(state.settingsChange(T0 + 20, new LogSettings(VISITOR_DEFAULT_KDF, MEMBER_FLOOR, true)), bea.signer);
  grow(state.memberAdded(T0 + 30, cy.record), ada.signer, bea.signer);
  grow(state.memberRemoved(T0 + 40, "m_bea", k2), ada.signer);
  grow(state.officeKey(T0 + 50, k3), cy.signer);
  return { entries, ada, bea, cy, dee, k1, k2, k3 };
}
