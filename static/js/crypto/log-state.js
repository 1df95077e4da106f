// Verifying an office log from its first entry (docs/protocol/v2.md sections 3.4 and 4): the
// members and office keys a client may trust are those of the resulting state, never the
// server's lists. Mirrors crypto/log_state.py: the same checks, in the same order.

import { b64uEncode, bytesEqual, requireBytes } from "./encoding.js";
import { LogError, ParameterError, SignatureError } from "./errors.js";
import { checkKdf, kid, MEMBER_FLOOR_MEM, MEMBER_FLOOR_OPS, VISITOR_FLOOR_MEM, VISITOR_FLOOR_OPS } from "./keys.js";
import {
  keyVersion,
  LogEntry,
  MAX_SIGS,
  logSettings,
  memberRecord,
  newBody,
  officeFingerprint,
  parseEntry,
  shortCode,
  verifySignature,
} from "./log.js";

/** A member of the log: current while `removedAt` is null. */
export class MemberState {
  constructor(record, addedSeq, removedAt = null, lastKey = null) {
    this.record = record;
    this.addedSeq = addedSeq;
    this.removedAt = removedAt; // the removal's time; null while a current member
    this.lastKey = lastKey; // the last key version current while a member, once removed
  }

  get current() {
    return this.removedAt === null;
  }
}

/**
 * What a verified log says: the office, its members (current and former, by id in the order the
 * log named them), its key versions, its settings, and the hash of every prefix (to check pins
 * and senders' views).
 */
export class LogState {
  constructor({ enforceFloor = true } = {}) {
    this.enforceFloor = enforceFloor;
    this.officeId = "";
    this.name = "";
    this.members = new Map();
    this.keys = [];
    this.settings = null;
    this.hashes = [];
    this.used = new Set(); // every member id and key (b64u) the log has named
  }

  // --- What clients ask ----------------------------------------------------------------------

  get length() {
    return this.hashes.length;
  }

  get head() {
    return this.hashes[this.hashes.length - 1];
  }

  get fingerprint() {
    return officeFingerprint(this.hashes[0]);
  }

  get shortCode() {
    return shortCode(this.hashes[0]);
  }

  get currentKey() {
    return this.keys[this.keys.length - 1];
  }

  currentMembers() {
    return [...this.members.values()].filter((m) => m.current).map((m) => m.record);
  }

  member(memberId) {
    return this.members.get(memberId) ?? null;
  }

  memberBySignPk(signPk) {
    for (const m of this.members.values()) if (bytesEqual(m.record.signPk, signPk)) return m;
    return null;
  }

  keyByKid(keyId) {
    return this.keys.find((k) => kid(k.boxPk) === keyId) ?? null;
  }

  /** True if this log holds the log of `length` entries whose last hash is `head`. */
  extends(length, head) {
    if (!Number.isInteger(length) || length < 1 || length > this.length) return false;
    return bytesEqual(this.hashes[length - 1], requireBytes(head, "head"));
  }

  /**
   * The member (a MemberRecord) who may have sent an item with this signing key, time and
   * recipient kids; LogError if no member of the log could have: a former member's items must
   * be older than the removal, and sealed to a key version of their time.
   */
  itemSender(signPk, sentAt, recipientKids) {
    const member = this.memberBySignPk(signPk);
    if (member === null) throw new LogError("the sender is not a member of the office log");
    if (member.current) return member.record;
    const removedAt = member.removedAt ?? 0;
    const lastKey = member.lastKey ?? 0;
    if (sentAt >= removedAt) throw new LogError("the sender was removed from the office before this was sent");
    const versions = Array.from(recipientKids, (r) => this.keyByKid(r))
      .filter((k) => k !== null)
      .map((k) => k.version);
    if (versions.length === 0 || Math.max(...versions) > lastKey) {
      throw new LogError("sealed to an office key made after the sender was removed");
    }
    return member.record;
  }

  // --- The next entry's body (to sign with log.js's makeEntry) -------------------------------

  nextBody(at, type, fields = {}) {
    return newBody(this.officeId, this.length, this.head, at, type, fields);
  }

  memberAdded(at, record) {
    return this.nextBody(at, "member_added", { member: record.toJSON() });
  }

  memberRemoved(at, memberId, key) {
    return this.nextBody(at, "member_removed", { member_id: memberId, office_key: key.toJSON() });
  }

  officeKey(at, key) {
    return this.nextBody(at, "office_key", { office_key: key.toJSON() });
  }

  settingsChange(at, settings) {
    return this.nextBody(at, "settings", { settings: settings.toJSON() });
  }

  // --- Appending, with every check -----------------------------------------------------------

  /**
   * Check `entry` (a LogEntry) as the next one and take it in; LogError otherwise (the state is
   * then not to be used: a log with one bad entry is refused whole).
   */
  apply(entry) {
    const body = entry.body;
    if (this.length === 0) {
      if (entry.type !== "genesis" || body.seq !== 0 || body.prev !== null) {
        throw new LogError("a log starts with a genesis entry");
      }
    } else if (entry.type === "genesis" || body.seq !== this.length) {
      throw new LogError(`entry ${this.length} is out of place`);
    } else if (body.office !== this.officeId || body.prev !== b64uEncode(this.head)) {
      throw new LogError(`entry ${this.length} does not follow the one before`);
    }
    const signers = checkSignatures(this, entry);
    if (!Object.hasOwn(APPLY, entry.type)) throw new LogError("unknown entry type");
    APPLY[entry.type](this, entry, signers);
    this.hashes.push(entry.hash);
  }
}

function signersPool(state, entry) {
  const pool = entry.type === "genesis" ? entry.body.members.map((v) => memberRecord(v)) : state.currentMembers();
  return new Map(pool.map((m) => [m.memberId, m]));
}

function checkSignatures(state, entry) {
  const signers = entry.sigs.map((s) => s.by);
  if (signers.length < 1 || signers.length > MAX_SIGS || new Set(signers).size !== signers.length) {
    throw new LogError(`an entry has 1 to ${MAX_SIGS} signatures, by distinct members`);
  }
  const pool = signersPool(state, entry);
  for (const s of entry.sigs) {
    const signer = pool.get(s.by);
    if (signer === undefined) throw new LogError(`${s.by} is not a current member and may not sign`);
    try {
      verifySignature(entry.bodyBytes, s, signer.signPk);
    } catch (err) {
      if (err instanceof SignatureError) throw new LogError(`the signature of ${s.by} does not verify`, { cause: err });
      throw err;
    }
  }
  let needed = 1;
  if (entry.type === "member_added" && state.settings?.twoSignaturesToAdd && pool.size >= 2) needed = 2;
  if (entry.sigs.length < needed) throw new LogError(`a ${entry.type} entry needs ${needed} signatures here`);
  return signers;
}

function checkNewKey(state, key) {
  if (key.version !== state.currentKey.version + 1) throw new LogError("a new office key version must follow the current one");
  if (state.keys.some((k) => bytesEqual(k.boxPk, key.boxPk))) throw new LogError("an office key may not come back");
}

// A new member's id and both keys must be new to the log, and differ from each other: a key
// reused as the other kind of key is refused too. (Ids and keys are kept apart by a prefix.)
function checkNewMember(state, record) {
  const named = [`id:${record.memberId}`, `key:${b64uEncode(record.signPk)}`, `key:${b64uEncode(record.boxPk)}`];
  if (new Set(named).size !== 3 || named.some((n) => state.used.has(n))) {
    throw new LogError("a member's id and keys may appear in the log once");
  }
  named.forEach((n) => state.used.add(n));
}

const sameKdf = (a, b) => a.ops === b.ops && a.mem === b.mem;

function checkSettings(state, settings) {
  if (state.settings !== null) {
    if (!sameKdf(settings.visitorKdf, state.settings.visitorKdf) || !sameKdf(settings.memberKdf, state.settings.memberKdf)) {
      throw new LogError("key derivation parameters are fixed for the life of the office");
    }
  } else if (state.enforceFloor) {
    try {
      checkKdf(settings.visitorKdf, VISITOR_FLOOR_OPS, VISITOR_FLOOR_MEM);
      checkKdf(settings.memberKdf, MEMBER_FLOOR_OPS, MEMBER_FLOOR_MEM);
    } catch (err) {
      if (err instanceof ParameterError) throw new LogError(`settings below the protocol's floor: ${err.message}`, { cause: err });
      throw err;
    }
  }
}

function applyGenesis(state, entry) {
  const body = entry.body;
  const members = body.members.map((v) => memberRecord(v));
  const former = body.former_members.map((v) => memberRecord(v));
  const keys = body.office_keys.map((v) => keyVersion(v));
  const settings = logSettings(body.settings);
  if (members.length === 0) throw new LogError("a genesis names at least one member");
  const distinct = new Set(keys.map((k) => b64uEncode(k.boxPk))).size === keys.length;
  if (!keys.every((k, i) => k.version === i + 1) || !distinct) {
    throw new LogError("the genesis's office keys are versions 1, 2, … each a different key");
  }
  checkSettings(state, settings);
  for (const record of [...members, ...former]) {
    checkNewMember(state, record);
    state.members.set(record.memberId, new MemberState(record, 0));
  }
  for (const record of former) {
    const m = state.members.get(record.memberId);
    m.removedAt = Number(body.at);
    m.lastKey = keys.length;
  }
  state.officeId = body.office;
  state.name = body.name;
  state.keys = keys;
  state.settings = settings;
}

function applyMemberAdded(state, entry) {
  const record = memberRecord(entry.body.member);
  checkNewMember(state, record);
  state.members.set(record.memberId, new MemberState(record, entry.seq));
}

function applyMemberRemoved(state, entry, signers) {
  const member = state.members.get(entry.body.member_id);
  if (member === undefined || !member.current) throw new LogError("only a current member can be removed");
  // (so at least the signer remains)
  if (signers.includes(member.record.memberId)) throw new LogError("a member does not sign their own removal");
  const key = keyVersion(entry.body.office_key);
  checkNewKey(state, key);
  member.removedAt = Number(entry.body.at);
  member.lastKey = state.currentKey.version;
  state.keys.push(key);
}

function applyOfficeKey(state, entry) {
  const key = keyVersion(entry.body.office_key);
  checkNewKey(state, key);
  state.keys.push(key);
}

function applySettings(state, entry) {
  const settings = logSettings(entry.body.settings);
  checkSettings(state, settings);
  state.settings = settings;
}

const APPLY = Object.freeze({
  genesis: applyGenesis,
  member_added: applyMemberAdded,
  member_removed: applyMemberRemoved,
  office_key: applyOfficeKey,
  settings: applySettings,
});

/**
 * The state of a whole log, each entry (as it travels, or a LogEntry) checked from the first;
 * LogError on the first that fails. `officeId`, when known, must be the log's.
 */
export function verifyLog(entries, officeId = null, { enforceFloor = true } = {}) {
  const state = new LogState({ enforceFloor });
  for (const raw of entries) state.apply(raw instanceof LogEntry ? raw : parseEntry(raw));
  if (state.length === 0) throw new LogError("the office has no log");
  if (officeId != null && state.officeId !== officeId) throw new LogError("the log is another office's");
  return state;
}
