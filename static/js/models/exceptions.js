// The office's register of exceptions to confidentiality (Standards of Practice 5.2: imminent
// risk of serious harm, the ombuds' own determination). Each record is sealed to the office key
// alone (kind "exception", case = the office id; docs/protocol/v2.md section 11), so the server
// knows one was recorded, when and by whom, and nothing else. DOM-free.

import { EnvelopeError } from "../crypto/index.js";

const PATH = "/office/exceptions";
export const EXCEPTION_KIND = "exception";
export const EXCEPTION_FORMAT = "exception";
export const REASON_MAX = 4000;
export const DISCLOSED_TO_MAX = 200;

export class ExceptionRegister {
  /** api: models/api.js; caseCrypto: the member's crypto for the office's own items (case = office id). */
  constructor({ api, caseCrypto }) {
    Object.assign(this, { api, caseCrypto });
  }

  /**
   * Every record that opens, oldest first, as [{id, caseId, reason, disclosedTo, decidedAt,
   * recordedBy, recordedAt}], and how many did not (sealed to a key this member lacks, or refused).
   */
  async list() {
    const { items } = await this.api.get(PATH);
    const records = [];
    let failed = 0;
    for (const item of items) {
      try {
        records.push(this.opened(item));
      } catch {
        failed += 1;
      }
    }
    return { records, failed };
  }

  opened(item) {
    const { header, payload } = this.caseCrypto.open(item.envelope);
    if (header.kind !== EXCEPTION_KIND || payload.format !== EXCEPTION_FORMAT) throw new EnvelopeError("not an exception record");
    const { body, case: caseId, disclosed_to: disclosedTo, decided_at: decidedAt } = payload;
    if (typeof body !== "string" || typeof caseId !== "string" || typeof disclosedTo !== "string" || !Number.isSafeInteger(decidedAt)) {
      throw new EnvelopeError("an exception record without its fields");
    }
    // Who recorded it is who signed it, as the office log names them (not the server's recorded_by).
    const recordedBy = this.caseCrypto.sender(header.sender).label;
    return { id: item.id, caseId, reason: body, disclosedTo, decidedAt, recordedBy, recordedAt: header.sent_at };
  }

  /** Seals and records a decision about case `caseId`; returns the record as list() gives it. */
  async record(caseId, { reason, disclosedTo }) {
    const payload = {
      format: EXCEPTION_FORMAT,
      body: reason,
      case: caseId,
      disclosed_to: disclosedTo,
      decided_at: Math.floor(Date.now() / 1000),
    };
    const envelope = this.caseCrypto.seal(payload, { kind: EXCEPTION_KIND });
    const answer = await this.api.post(PATH, envelope.toJSON());
    return this.opened(answer);
  }
}

/** The records of one case, newest first. */
export function recordsOf(records, caseId) {
  return records.filter((r) => r.caseId === caseId).sort((a, b) => b.recordedAt - a.recordedAt);
}
