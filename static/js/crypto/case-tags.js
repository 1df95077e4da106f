// Case tags (docs/protocol/v2.md section 12): the IOA reporting categories a member gives a case,
// sealed to the office key alone under the office's id, so that the server never learns a tag
// and the record outlives its case for the office's trend reports. The payload names the case
// and the quarter it was opened in. Mirrors crypto/case_tags.py.

import { openEnvelope, sealEnvelope } from "./envelope.js";
import { EnvelopeError } from "./errors.js";

export const TAGS_KIND = "tags";
export const TAGS_FORMAT = "case-tags";
export const CASE_ID_MAX = 32;
export const CODES_MAX = 120; // more than the IOA list holds (9 categories, 87 subcategories)
const CODE = /^[1-9](\.[a-z])?$/;
const QUARTER = /^[0-9]{4}-Q[1-4]$/;
const FIELDS = ["case", "codes", "quarter"];
const PAYLOAD_FIELDS = ["body", "format", "pad", "tags"];

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

export class CaseTags {
  /** caseId; quarter: the case's opening quarter, UTC ("2026-Q4"); codes: IOA codes ("2", "2.h"), [] for none. */
  constructor(caseId, quarter, codes) {
    if (typeof caseId !== "string" || caseId.length < 1 || caseId.length > CASE_ID_MAX) {
      throw new TypeError(`a case id is 1 to ${CASE_ID_MAX} characters`);
    }
    if (typeof quarter !== "string" || !QUARTER.test(quarter)) throw new TypeError("a quarter is written YYYY-Qn");
    if (!Array.isArray(codes) || !codes.every((c) => typeof c === "string" && CODE.test(c))) {
      throw new TypeError("a code is a category digit, optionally a dot and a subcategory letter");
    }
    if (new Set(codes).size !== codes.length || codes.length > CODES_MAX) {
      throw new TypeError(`codes are distinct, at most ${CODES_MAX}`);
    }
    this.caseId = caseId;
    this.quarter = quarter;
    this.codes = Object.freeze([...codes]);
    Object.freeze(this);
  }

  toJSON() {
    return { case: this.caseId, quarter: this.quarter, codes: [...this.codes] };
  }
}

/** The UTC quarter of a time in Unix seconds, as tag records write it. */
export function quarterOf(unixSeconds) {
  const d = new Date(unixSeconds * 1000);
  return `${String(d.getUTCFullYear()).padStart(4, "0")}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
}

export function tagsPayload(tags) {
  return { format: TAGS_FORMAT, body: "", tags: tags.toJSON() };
}

/**
 * The record an opened envelope ({header, payload}) holds, of case `caseId` when given;
 * EnvelopeError unless it is exactly one.
 */
export function parseTags({ header, payload }, caseId = undefined) {
  if (header.kind !== TAGS_KIND || (header.ttl ?? null) !== null || header.view_once !== false) {
    throw new EnvelopeError("not a tag record: it is kept, and read as often as needed");
  }
  if (!isObject(payload) || Object.keys(payload).sort().join() !== PAYLOAD_FIELDS.join()) {
    throw new EnvelopeError("not a tag record");
  }
  if (payload.format !== TAGS_FORMAT || payload.body !== "") throw new EnvelopeError("not a tag record");
  const raw = payload.tags;
  if (!isObject(raw) || Object.keys(raw).sort().join() !== FIELDS.join() || !Array.isArray(raw.codes)) {
    throw new EnvelopeError("a tag record is {case, quarter, codes}");
  }
  let tags;
  try {
    tags = new CaseTags(raw.case, raw.quarter, raw.codes);
  } catch (err) {
    throw new EnvelopeError(`not a tag record: ${err.message}`);
  }
  if (caseId !== undefined && tags.caseId !== caseId) throw new EnvelopeError("a tag record of another case");
  return tags;
}

/**
 * Sealed to the office key alone, under the office's id: the case is inside, never in the
 * header. `log` ({length, head}, optional): the office log the sealer verified (section 4).
 */
export function sealTags(tags, { officeId, signSeed, officeBoxPk, sentAt, log = undefined }) {
  return sealEnvelope(tagsPayload(tags), {
    caseId: officeId,
    kind: TAGS_KIND,
    senderSeed: signSeed,
    recipientBoxPks: [officeBoxPk],
    sentAt,
    log,
  });
}

/** The record, if it opens with this office key, was signed by one of `senders` and is one. */
export function openTags(envelope, { officeId, officeBoxSk, senders }) {
  return parseTags(openEnvelope(envelope, officeBoxSk, senders, officeId));
}
