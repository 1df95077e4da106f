// The office as this page knows it. Its members and keys come from the signed office log
// (docs/protocol/v2.md), verified here from its first entry: never from the server's lists, which
// an operator can write to. GET /office still gives what needs no trust (the office id, limits,
// the covenant's version) and, for a v1 office starting its log, the records to sign. DOM-free.
// It is the only place pages learn members and office keys.

import { b64uDecode, b64uEncode, LogError, parseEntry, verifyLog } from "../crypto/index.js";
import { integrityError, LOG_CHANGED } from "./integrity.js";

export const VISITOR = "visitor"; // how the server names the visitor, as a sender or a viewer
// How both apps name people: a member by the display name the log gives, the visitor as "You"
// on its own page.
export const FORMER_MEMBER = "Former member"; // a member id the log does not name (never granted the key)
const YOU = "You";
const THE_VISITOR = { sender: "Visitor", viewer: "the visitor" }; // on a member's page: "Opened by the visitor"
const NOT_READY = "The office has not set up its signed key log yet, so this portal cannot take messages. Please come back later, or contact the office another way.";
const BROKEN =
  "The office's signed key log, as this portal serves it, does not verify. Someone may have tampered with the portal. Do not continue here: contact the office another way.";

export class Office {
  #record = null;
  #log = null; // the verified LogState, or null while the office has none
  #genesisSigners = []; // the member ids whose signatures on the first entry verified
  #refused = null; // the integrity error of a log refused on this page: it stays refused
  #loading = Promise.resolve(); // the load under way, if any: the next waits for it

  /** api: models/api.js; onLoad() runs after each load (a member's page takes its grant of a new key version). */
  constructor(api, { onLoad = async () => {} } = {}) {
    Object.assign(this, { api, onLoad });
  }

  /**
   * Asks the server again and verifies what is new in the log (members join and leave, keys
   * change); a log that no longer verifies, or no longer extends the one already verified on this
   * page, throws an integrity error. One load at a time: two at once (a live event during an
   * action's own load) would each apply the same new entries to the one verified log.
   */
  load() {
    const next = this.#loading.catch(() => {}).then(() => this.#loadOnce());
    this.#loading = next;
    return next;
  }

  async #loadOnce() {
    // Once a log was refused here, no later answer is believed on this page (a fork served from
    // its start would otherwise verify afresh); a reload starts over, and the pin then decides.
    if (this.#refused) throw this.#refused;
    const record = await this.api.get("/office");
    const served = await this.api.get(`/office/log?after=${this.#log?.length ?? 0}`);
    const known = this.#log !== null;
    try {
      if (!known) {
        this.#log = served.entries.length ? verifyLog(served.entries, record.office_id) : null;
        this.#genesisSigners = served.entries.length ? parseEntry(served.entries[0]).sigs.map((sig) => sig.by) : [];
      } else {
        // Verified already on this page: the log served now must extend it (cut or rewritten, it does not).
        if (served.length < this.#log.length) throw new LogError("the log is shorter than this page verified it");
        for (const raw of served.entries) this.#log.apply(parseEntry(raw));
        if (served.length !== this.#log.length || served.head !== b64uEncode(this.#log.head)) {
          throw new LogError("the log served is not the one this page verified");
        }
      }
    } catch (err) {
      this.#log = null; // nothing of a refused log is used
      if (!(err instanceof LogError)) throw err;
      this.#refused = integrityError(known ? LOG_CHANGED : BROKEN, err);
      throw this.#refused;
    }
    this.#record = record;
    await this.onLoad();
    return this;
  }

  /** The verified log (crypto/log-state.js), or null if the office has none yet. */
  get log() {
    return this.#log;
  }

  /** True if `memberId` signed the log's first entry: that member made the log, and needs no one's word for it. */
  startedBy(memberId) {
    return this.#genesisSigners.includes(memberId);
  }

  /** The verified log; an error telling the person the office is not ready when there is none. */
  requireLog() {
    if (this.#log === null) throw Object.assign(new Error("no office log"), { userMessage: NOT_READY });
    return this.#log;
  }

  get id() {
    return this.#record.office_id;
  }

  /** The office's name as its log records it (the server's, before there is a log). */
  get name() {
    return this.#log?.name ?? this.#record?.name ?? "";
  }

  /** Lifetimes, idle minutes and such (GET /office → limits). */
  get limits() {
    return this.#record?.limits ?? null;
  }

  /** The visitor KDF the log fixes (the server's word alone is not taken for it). */
  get visitorKdf() {
    return this.requireLog().settings.visitorKdf;
  }

  /** Where passkeys work and what the office asks of them: {origin, rp_id, user_verification, required}. */
  get passkeys() {
    return this.#record?.passkeys ?? null;
  }

  get covenantVersion() {
    return this.#record.covenant_version;
  }

  /** The current office key's version, by the log; undefined while there is none. */
  get keyVersion() {
    return this.#log?.currentKey.version;
  }

  /** The current office box public key, by the log. */
  get boxPk() {
    return this.requireLog().currentKey.boxPk;
  }

  /** A member's display name by id, as the log records it. */
  memberName(memberId) {
    return this.#log?.member(memberId)?.record.displayName ?? FORMER_MEMBER;
  }

  /**
   * Who sent an item, by its header's signing key (b64u), as `self` sees it ("visitor" or a
   * member id): {label, mine}. visitorSignPk: the case's visitor's key (b64u), if any.
   */
  sender(signPk, self, visitorSignPk = null) {
    if (signPk === visitorSignPk) return self === VISITOR ? { label: YOU, mine: true } : { label: THE_VISITOR.sender, mine: false };
    const member = this.#log?.memberBySignPk(b64uDecode(signPk)) ?? null;
    return { label: member?.record.displayName ?? FORMER_MEMBER, mine: member !== null && member.record.memberId === self };
  }

  /** Who opened (or sent) an item, as the server names them ("visitor" or a member id), as `self` sees it. */
  viewerName(by, self) {
    if (by === VISITOR) return self === VISITOR ? YOU : THE_VISITOR.viewer;
    return by === self ? `${this.memberName(by)} (you)` : this.memberName(by);
  }

  /** Every signing key the log has named: former members' too, whose earlier items still verify. */
  signingKeys() {
    return [...(this.#log?.members.values() ?? [])].map((m) => m.record.signPk);
  }

  /**
   * Throws LogError unless a member could have sent this opened header (crypto/log-state.js,
   * itemSender): a former member's item must predate the removal and be sealed to a key of its time.
   */
  checkSender(header) {
    const recipients = header.recipients.map((r) => r.kid);
    this.requireLog().itemSender(b64uDecode(header.sender), header.sent_at, recipients);
  }

  /** Throws LogError unless `seen` ({length, head (b64u)}, a sender's view) is a prefix of the verified log. */
  checkLogSeen(seen) {
    const log = this.requireLog();
    if (!log.extends(seen.length, b64uDecode(seen.head))) {
      throw new LogError("the sender saw another office log than this page: the log has forked");
    }
  }

  /** The log's current members, as {member_id, display_name, box_pk (b64u), record}: who holds the current key. */
  keyHolders() {
    return this.requireLog()
      .currentMembers()
      .map((record) => ({ member_id: record.memberId, display_name: record.displayName, box_pk: b64uEncode(record.boxPk), record }));
  }

  /**
   * The office as the server describes it (unverified): what a v1 office's first log entry
   * records, once a member holding the key has checked it: {name, members, officeKeys, kdfs}.
   */
  serverRecords() {
    const r = this.#record;
    return { name: r.name, members: r.members, officeKeys: r.office_keys, visitorKdf: r.visitor_kdf, memberKdf: r.member_kdf };
  }
}
