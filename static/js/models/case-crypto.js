// A case's crypto, for either side (PROTOCOL.md section 4): seal to the office key and the case's
// visitor, open what the visitor or a member of the office signed, and say who sent an item or
// opened it. Built from the office model (models/office.js, whose members and keys come from the
// verified office log) and one side's keys. DOM-free.

import { b64uDecode, b64uEncode, openEnvelope, sealEnvelope } from "../crypto/index.js";
import { caseName } from "./case-name.js";
import { VISITOR } from "./office.js";

const KEY_BYTES = 32;

export class CaseCrypto {
  /**
   * office: models/office.js; caseId; self: "visitor" or this member's id; signSeed: this side's
   * signing seed; visitor: the case's visitor keys {signPk, boxPk}, or null for what the office
   * seals to itself alone (templates, under the office id); officeBoxPk() → the office key to seal
   * to; secretKeyFor(envelope) → this side's box secret key that opens it.
   */
  constructor({ office, caseId, self, signSeed, visitor, officeBoxPk, secretKeyFor }) {
    Object.assign(this, { office, caseId, self, signSeed, visitor, officeBoxPk, secretKeyFor });
    this.visitorSignPk = visitor ? b64uEncode(visitor.signPk) : null; // as envelope headers carry it
  }

  /** Who reads, for watermarks: the case, never a name, on the visitor's side; the member's name. */
  get reader() {
    return this.self === VISITOR ? caseName(this.caseId) : this.office.memberName(this.self);
  }

  /** Seals for the office and the case's visitor; `keep` left out (templates) leaves the header field out. */
  seal(payload, { kind = "message", ttl = null, viewOnce = false, keep } = {}) {
    const recipientBoxPks = [this.officeBoxPk()];
    if (this.visitor) recipientBoxPks.push(this.visitor.boxPk);
    return sealEnvelope(payload, {
      caseId: this.caseId,
      kind,
      senderSeed: this.signSeed,
      recipientBoxPks,
      sentAt: nowSeconds(),
      ttl,
      viewOnce,
      keep,
      log: this.office.log ? { length: this.office.log.length, head: this.office.log.head } : undefined,
    });
  }

  /**
   * The log the sender of an opened header saw (its `log` field), checked against this page's:
   * LogError if they forked. A sender who saw a longer log makes this page read it first.
   */
  async checkLogSeen(header) {
    if (!header.log) return; // (sealed before protocol v2)
    if (header.log.length > (this.office.log?.length ?? 0)) await this.office.load();
    this.office.checkLogSeen(header.log);
  }

  /**
   * Opens an envelope of this case signed by its visitor or by a member of the office log:
   * {header, payload}. EnvelopeError if it does not open; LogError if the log says no member
   * could have sent it (a former member's item sent after the removal, say).
   */
  open(envelope) {
    const senders = this.office.signingKeys();
    if (this.visitor) senders.unshift(this.visitor.signPk);
    const opened = openEnvelope(envelope, this.secretKeyFor(envelope), senders, this.caseId);
    if (opened.header.sender !== this.visitorSignPk) this.office.checkSender(opened.header);
    return opened;
  }

  /** True if the opened header was sent by the other side: the office for the visitor, and back. */
  fromOtherSide(header) {
    return (header.sender === this.visitorSignPk) !== (this.self === VISITOR);
  }

  /** Who sent an item, from its header's signing key (b64u): {label, mine}. */
  sender(signPk) {
    return this.office.sender(signPk, this.self, this.visitorSignPk);
  }

  /** Who opened an item, as the server names viewers ("visitor" or a member id). */
  nameOf(by) {
    return this.office.viewerName(by, this.self);
  }
}

/** The visitor's side of its own case: its keys {signSeed, signPk, boxSk, boxPk}. */
export function visitorCaseCrypto(office, keys, caseId) {
  return new CaseCrypto({
    office,
    caseId,
    self: VISITOR,
    signSeed: keys.signSeed,
    visitor: keys,
    officeBoxPk: () => office.boxPk, // the current key of the verified office log
    secretKeyFor: () => keys.boxSk,
  });
}

/**
 * A member's side of a case, {memberId, keyring} being the member: `record` is the case's
 * (GET /cases/{id}, for its visitor's keys), or null for what the office seals to itself alone
 * (templates: caseId is then the office id).
 */
export function memberCaseCrypto(office, { memberId, keyring }, caseId, record = null) {
  return new CaseCrypto({
    office,
    caseId,
    self: memberId,
    signSeed: keyring.bundle.signSeed,
    visitor: record && { signPk: b64uDecode(record.visitor_sign_pk, KEY_BYTES), boxPk: b64uDecode(record.visitor_box_pk, KEY_BYTES) },
    officeBoxPk: () => keyring.current(office.keyVersion).pk, // from this member's own grant
    secretKeyFor: (envelope) => keyring.secretKeyFor(envelope),
  });
}

/** The current time in Unix seconds, as envelopes carry it. */
function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
