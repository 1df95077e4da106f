// Consent to disclose in a case (docs/protocol/v2.md section 13), DOM-free: what the member's
// "Ask for consent" form may send, and each request of the thread with the visitor's answers that
// bind it, from which its state is read (crypto/consent.js).

import { bytesEqual, CONSENT_BODY_MAX, CONSENT_WITH_MAX, ConsentRequest, consentDigest, consentState } from "../crypto/index.js";

const DAY_END = [23, 59, 59];
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The end of a day picked in a date field ("2026-12-31"), in the member's time zone, as Unix seconds; null if no date. */
export function untilFromDate(value) {
  const match = DATE.exec(value ?? "");
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number);
  const end = new Date(year, month - 1, day, ...DAY_END);
  if (end.getFullYear() !== year || end.getMonth() !== month - 1 || end.getDate() !== day) return null;
  return Math.floor(end.getTime() / 1000);
}

/**
 * The member's form, checked: {request} (a ConsentRequest) or {errors: {body, with, until}} with a
 * plain message for each field that is wrong. fields: {body, withWhom, named, until (a date
 * field's value)}; now: Unix seconds.
 */
export function checkConsentForm({ body, withWhom, named, until }, now) {
  const errors = {};
  const length = (s) => [...s].length;
  if (body.trim() === "") errors.body = "Write what you would share, in the words you would use.";
  else if (length(body) > CONSENT_BODY_MAX) errors.body = `Keep it to ${CONSENT_BODY_MAX} characters (it has ${length(body)}).`;
  if (withWhom.trim() === "") errors.with = "Say with whom: a role or a person.";
  else if (length(withWhom) > CONSENT_WITH_MAX) errors.with = `Keep it to ${CONSENT_WITH_MAX} characters.`;
  const end = untilFromDate(until);
  if (end === null) errors.until = "Choose the date until which the consent would hold.";
  else if (end <= now) errors.until = "Choose a date from today on.";
  if (Object.keys(errors).length) return { errors };
  return { request: new ConsentRequest(body.trim(), withWhom.trim(), named, end) };
}

/** The thread's consent requests and the answers that verify against each. */
export class Consents {
  constructor() {
    this.requests = new Map(); // request item id → {request, digest, answers: [{decision, sentAt}]}
  }

  clear() {
    this.requests.clear();
  }

  /** A request item, opened or sent: its id, its ConsentRequest and its envelope (wire form) as signed. */
  addRequest(id, request, envelope) {
    if (!this.requests.has(id)) this.requests.set(id, { request, digest: consentDigest(envelope), answers: [] });
  }

  /**
   * An answer item, opened or sent, whose signer the thread has checked: `fromVisitor` (signed by
   * the case's visitor), its ConsentAnswer and sent_at. Returns the id of the request it binds, or
   * null when it binds none of those shown (another request's bytes, another id, not the visitor's).
   */
  addAnswer(answer, sentAt, fromVisitor) {
    const held = this.requests.get(answer.request);
    if (!fromVisitor || !held || !bytesEqual(answer.digest, held.digest)) return null;
    held.answers.push({ decision: answer.decision, sentAt });
    return answer.request;
  }

  /** {state, at} of request `id` at Unix time `now`, or null if unknown. */
  stateOf(id, now) {
    const held = this.requests.get(id);
    return held ? consentState(held.request, held.answers, now) : null;
  }

  /** The soonest `until` after `now` of a request still waiting or accepted, or null. */
  nextExpiry(now) {
    let soonest = null;
    for (const id of this.requests.keys()) {
      const { state } = this.stateOf(id, now);
      const { until } = this.requests.get(id).request;
      if ((state === "waiting" || state === "accepted") && (soonest === null || until < soonest)) soonest = until;
    }
    return soonest;
  }
}
