// The office's case tags (docs/protocol/v2.md section 12): each case's IOA categories, sealed to
// the office key alone under the office's id, listed and opened here in the member's browser.
// The server cannot tell which case a record is about, so this register keeps one current
// record per case and names the one a new record replaces. DOM-free.

import { CaseTags, parseTags, tagsPayload, TAGS_KIND } from "../crypto/index.js";

const PATH = "/office/case-tags";

/**
 * Each case's current record, from opened records [{id, caseId, sentAt, …}]: the latest sent
 * (then the greater id), should two members have saved one case's tags at once.
 */
export function currentRecords(records) {
  const current = new Map();
  for (const r of records) {
    const held = current.get(r.caseId);
    if (!held || r.sentAt > held.sentAt || (r.sentAt === held.sentAt && r.id > held.id)) current.set(r.caseId, r);
  }
  return current;
}

export class TagRegister {
  /** api: models/api.js; caseCrypto: the member's crypto for the office's own items (case = office id). */
  constructor({ api, caseCrypto }) {
    Object.assign(this, { api, caseCrypto });
    this.records = [];
    this.failed = 0;
  }

  /** Lists and opens every record: {records: [{id, caseId, quarter, codes, sentAt, by}], failed}. */
  async load() {
    const { items } = await this.api.get(PATH);
    const records = [];
    let failed = 0;
    for (const item of items) {
      try {
        records.push(this.opened(item));
      } catch {
        failed += 1; // sealed to a key this member lacks, or refused: not counted
      }
    }
    Object.assign(this, { records, failed });
    return { records, failed };
  }

  opened(item) {
    const opened = this.caseCrypto.open(item.envelope);
    const tags = parseTags(opened);
    // Who tagged it is who signed it, as the office log names them (not the server's recorded_by).
    const by = this.caseCrypto.sender(opened.header.sender).label;
    return { id: item.id, caseId: tags.caseId, quarter: tags.quarter, codes: [...tags.codes], sentAt: opened.header.sent_at, by };
  }

  /** Each case's current record (a Map by case id). */
  current() {
    return currentRecords(this.records);
  }

  /** The current record of one case, or null. */
  of(caseId) {
    return this.current().get(caseId) ?? null;
  }

  /** Seals and stores `codes` for the case (replacing its current record); returns the new record. */
  async save(caseId, quarter, codes) {
    const tags = new CaseTags(caseId, quarter, codes);
    const envelope = this.caseCrypto.seal(tagsPayload(tags), { kind: TAGS_KIND });
    const replaces = this.of(caseId)?.id ?? null;
    const answer = await this.api.post(PATH, { envelope: envelope.toJSON(), replaces });
    const record = this.opened(answer);
    this.records = [...this.records.filter((r) => r.id !== replaces), record];
    return record;
  }
}
