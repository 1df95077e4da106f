// Verifying an office log from its first entry (docs/protocol/v2.md sections 3.4 and 4): the
// members and office keys a client may trust are those of the resulting state, never the
// server's lists. Mirrors crypto/log_state.py, with the rules of each entry type in log-rules.js.

import { b64uEncode, bytesEqual, requireBytes } from "./encoding.js";
import { LogError } from "./errors.js";
import { kid } from "./keys.js";
import { LogEntry, newBody, officeFingerprint, parseEntry, shortCode } from "./log.js";
import { MemberState } from "./log-member.js";
import { APPLY, checkSignatures } from "./log-rules.js";

export { MemberState };

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
    this.current = new Map(); // current members' records by id, kept as entries apply
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
    return [...this.current.values()];
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
