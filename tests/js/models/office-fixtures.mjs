// Shared by the model tests: an office whose members and keys live in a real signed log (fresh
// libsodium keys on each run), served by a stand-in for models/api.js beside the server's v1
// lists (GET /office). A test may make those lists lie, or change the log between two loads: the
// models must believe the verified log alone.

import {
  b64uDecode,
  b64uEncode,
  entryHash,
  genesisBody,
  KeyVersion,
  LogSettings,
  LogState,
  makeEntry,
  MEMBER_FLOOR_MEM,
  MEMBER_FLOOR_OPS,
  MemberRecord,
  newBundle,
  newOfficeKey,
  ready,
  sealEnvelope,
  sealGrant,
  signPkFromSeed,
  VISITOR_DEFAULT_KDF,
} from "../../../static/js/crypto/index.js";
import { Keyring } from "../../../static/js/models/keyring.js";

export const sodium = await ready();
export const OFFICE_ID = "o_test";
export const OFFICE_NAME = "Ombuds Office";
export const CASE = "c_test0001";
export const T0 = 1_790_000_000; // the genesis; later entries a few seconds on
export const SETTINGS = new LogSettings(VISITOR_DEFAULT_KDF, { ops: MEMBER_FLOOR_OPS, mem: MEMBER_FLOOR_MEM });
const WEAK_KDF = { alg: "argon2id13", ops: 1, mem: 8192 }; // what a lying server might offer

/** A member with a fresh key bundle: {memberId, name, bundle, record (the log's), signer}. */
export function member(memberId, name) {
  const bundle = newBundle();
  const record = new MemberRecord(memberId, name, bundle.signPk, bundle.boxPk);
  return { memberId, name, bundle, record, signer: [memberId, bundle.signSeed] };
}

/** A fresh office key of `version`: {version, boxPk, boxSk, entry (the log's KeyVersion)}. */
export function officeKey(version) {
  const { boxPk, boxSk } = newOfficeKey();
  return { version, boxPk, boxSk, entry: new KeyVersion(version, boxPk) };
}

/** The grant of `key` to `who`, as a session's office_grants carries it. */
export function grant(key, who) {
  return { version: key.version, box_pk: b64uEncode(key.boxPk), grant: sealGrant(key.boxSk, who.bundle.boxPk) };
}

/** `who` signed in with a keyring of their grants of `keys`: what models/case-crypto.js takes. */
export function signedIn(who, keys) {
  return { ...who, keyring: new Keyring(who.bundle, keys.map((key) => grant(key, who))) };
}

/** A visitor's keys {signSeed, signPk, boxSk, boxPk}, and the case record a member reads them from. */
export function visitor(caseId = CASE) {
  const signSeed = sodium.randombytes_buf(32);
  const box = sodium.crypto_box_keypair();
  const keys = { signSeed, signPk: signPkFromSeed(signSeed), boxSk: box.privateKey, boxPk: box.publicKey };
  const caseRecord = { case_id: caseId, visitor_sign_pk: b64uEncode(keys.signPk), visitor_box_pk: b64uEncode(keys.boxPk) };
  return { ...keys, caseRecord };
}

/** An office log grown entry by entry, signed by its members: `entries` (LogEntry) and `state`; the first member signs the genesis. */
export class OfficeLog {
  constructor(members, keys, { officeId = OFFICE_ID } = {}) {
    this.state = new LogState();
    this.entries = [];
    const records = members.map((m) => m.record);
    this.append(genesisBody(officeId, T0, OFFICE_NAME, records, [], keys.map((k) => k.entry), SETTINGS), members[0]);
  }

  /** Signs `body` by `signers` and appends it; returns the entry. */
  append(body, ...signers) {
    const entry = makeEntry(body, signers.map((s) => s.signer));
    this.state.apply(entry);
    this.entries.push(entry);
    return entry;
  }

  add(newcomer, by, at = T0 + 10) {
    return this.append(this.state.memberAdded(at, newcomer.record), by);
  }

  remove(memberId, key, by, at) {
    return this.append(this.state.memberRemoved(at, memberId, key.entry), by);
  }

  rotate(key, by, at = T0 + 30) {
    return this.append(this.state.officeKey(at, key.entry), by);
  }
}

/** GET /office as a v1 server answers it: members and keys from its database, which may lie. */
export function serverRecord(members, keys) {
  const key = (k) => ({ version: k.version, box_pk: b64uEncode(k.boxPk) });
  const listed = (m) => ({
    member_id: m.memberId,
    display_name: m.name,
    sign_pk: b64uEncode(m.bundle.signPk),
    box_pk: b64uEncode(m.bundle.boxPk),
    active: true,
  });
  return {
    office_id: OFFICE_ID,
    name: "The server's name for it",
    limits: { session_idle_minutes: 30 },
    covenant_version: 1,
    visitor_kdf: WEAK_KDF,
    member_kdf: WEAK_KDF,
    office_key: key(keys.at(-1)),
    office_keys: keys.map(key),
    members: members.map(listed),
  };
}

/**
 * A stand-in for models/api.js answering GET /office with `server.record` and GET
 * /office/log?after=N with `server.entries` from N, and the whole log's length and head;
 * `paths` records what was asked. A test may replace `server.record` or `server.entries`
 * between two loads.
 */
export function officeApi(server) {
  const api = { paths: [] };
  api.get = async (path) => {
    api.paths.push(path);
    if (path === "/office") return structuredClone(server.record);
    const after = /^\/office\/log\?after=(\d+)$/.exec(path);
    if (!after) throw new Error(`unexpected GET ${path}`);
    const served = server.entries.map((e) => e.toJSON());
    const head = served.length ? b64uEncode(entryHash(b64uDecode(served.at(-1).body))) : null;
    return { entries: served.slice(Number(after[1])), length: served.length, head };
  };
  return api;
}

/** An item of `caseId` signed by `who`, dated `sentAt` (whenever the test needs), sealed to `officeKey` and the visitor. */
export function itemBy(who, { officeKey: key, visitor: reader, sentAt, caseId = CASE, kind = "message", viewOnce = false }) {
  const payload = { format: "plain", body: `from ${who.name}` };
  const recipientBoxPks = [key.boxPk, reader.boxPk];
  return sealEnvelope(payload, { caseId, kind, senderSeed: who.bundle.signSeed, recipientBoxPks, sentAt, viewOnce }).toJSON();
}
