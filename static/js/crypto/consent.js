// Consent to disclose (docs/protocol/v2.md section 13): a member's request, in a case's thread,
// to share precise words with someone, named or anonymously, until a date; the visitor's signed
// answers (accept, decline, withdraw), each bound to the exact bytes of the request it answers.
// Payloads, the request's digest, verifying an answer, and a request's state from its answers.
// Mirrors crypto/consent.py. (Payloads are read with JSON.parse, so an `until` written 1.0e9
// passes here where Python refuses it; only a member can sign a request.)

import { b64uDecode, b64uEncode, bytesEqual, concatBytes, h32, le64, taggedV2 } from "./encoding.js";
import { ID_BYTES, Envelope, openEnvelope, parseEnvelope, verifyEnvelope } from "./envelope.js";
import { ConsentError, DecodeError, ProtocolError } from "./errors.js";

export const REQUEST_KIND = "consent-request";
export const ANSWER_KIND = "consent-answer";
export const DECISIONS = Object.freeze(["accept", "decline", "withdraw"]);
export const CONSENT_BODY_MAX = 4000; // code points: what may be shared, in the member's words
export const CONSENT_WITH_MAX = 200; // code points: a role or a person
const UNTIL_MAX = Number.MAX_SAFE_INTEGER;
const DIGEST_BYTES = 32;
const REQUEST_FIELDS = ["body", "format", "named", "pad", "until", "with"];
const ANSWER_FIELDS = ["decision", "digest", "format", "pad", "request"];
const LONE_SURROGATE = /\p{Cs}/u;

const codePoints = (s) => [...s].length;
const isText = (v) => typeof v === "string" && !LONE_SURROGATE.test(v);
const isObject = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const fieldsOf = (v) => Object.keys(v).sort().join();

export class ConsentRequest {
  /** body: what may be shared; withWhom: a role or a person; named: may the visitor be named; until: Unix seconds. */
  constructor(body, withWhom, named, until) {
    if (typeof body !== "string" || codePoints(body) < 1 || codePoints(body) > CONSENT_BODY_MAX || body.trim() === "") {
      throw new RangeError(`what may be shared is 1 to ${CONSENT_BODY_MAX} characters`);
    }
    if (typeof withWhom !== "string" || codePoints(withWhom) < 1 || codePoints(withWhom) > CONSENT_WITH_MAX || withWhom.trim() === "") {
      throw new RangeError(`with whom is 1 to ${CONSENT_WITH_MAX} characters`);
    }
    if (typeof named !== "boolean") throw new TypeError("named is a boolean");
    if (!Number.isSafeInteger(until) || until < 1 || until > UNTIL_MAX) throw new RangeError("until is a time in Unix seconds");
    Object.assign(this, { body, withWhom, named, until });
    Object.freeze(this);
  }

  payload() {
    return { format: REQUEST_KIND, body: this.body, with: this.withWhom, named: this.named, until: this.until };
  }
}

export class ConsentAnswer {
  /** request: the request item's id; digest: consentDigest of its envelope; decision: accept, decline or withdraw. */
  constructor(request, digest, decision) {
    b64uDecode(request, ID_BYTES);
    if (!(digest instanceof Uint8Array) || digest.length !== DIGEST_BYTES) throw new RangeError("a digest is 32 bytes");
    if (!DECISIONS.includes(decision)) throw new RangeError("a decision is accept, decline or withdraw");
    Object.assign(this, { request, digest, decision });
    Object.freeze(this);
  }

  payload() {
    return { format: ANSWER_KIND, request: this.request, digest: b64uEncode(this.digest), decision: this.decision };
  }
}

/** The request in an opened payload, if it is exactly one; DecodeError otherwise. */
export function parseRequest(payload) {
  if (!isObject(payload) || fieldsOf(payload) !== REQUEST_FIELDS.join() || payload.format !== REQUEST_KIND) {
    throw new DecodeError("a consent request holds format, body, with, named, until and pad");
  }
  const { body, named, until } = payload;
  if (!isText(body) || !isText(payload.with) || typeof named !== "boolean" || !Number.isSafeInteger(until)) {
    throw new DecodeError("body and with are text, named a boolean, until an integer");
  }
  try {
    return new ConsentRequest(body, payload.with, named, until);
  } catch (err) {
    throw new DecodeError(err.message, { cause: err });
  }
}

/** The answer in an opened payload, if it is exactly one; DecodeError otherwise. */
export function parseAnswer(payload) {
  if (!isObject(payload) || fieldsOf(payload) !== ANSWER_FIELDS.join() || payload.format !== ANSWER_KIND) {
    throw new DecodeError("a consent answer holds format, request, digest, decision and pad");
  }
  if (!DECISIONS.includes(payload.decision)) throw new DecodeError("a decision is accept, decline or withdraw");
  try {
    return new ConsentAnswer(payload.request, b64uDecode(payload.digest, DIGEST_BYTES), payload.decision);
  } catch (err) {
    if (err instanceof ProtocolError) throw err;
    throw new DecodeError(err.message, { cause: err });
  }
}

/**
 * `H32(T2("consent-request", LE64(len(H)) || H || LE64(len(C)) || C || S))` over the request
 * envelope's three parts as its sender signed them (an Envelope, or its wire form).
 */
export function consentDigest(request) {
  const env = request instanceof Envelope ? request : parseEnvelope(request);
  return h32(
    taggedV2("consent-request", concatBytes(le64(env.headerBytes.length), env.headerBytes, le64(env.ciphertext.length), env.ciphertext, env.sig)),
  );
}

/**
 * Checks that `answerEnvelope` is the visitor's signed answer to exactly `requestEnvelope`, a
 * member's request of the same case, both opened with `boxSk` (the office's or the visitor's);
 * returns {requestId, request, decision, answeredAt}. ConsentError names the first check that fails.
 */
export function verifyAnswer(requestEnvelope, answerEnvelope, visitorSignPk, { boxSk, memberSignPks }) {
  let req, ans;
  try {
    req = requestEnvelope instanceof Envelope ? requestEnvelope : parseEnvelope(requestEnvelope);
    ans = answerEnvelope instanceof Envelope ? answerEnvelope : parseEnvelope(answerEnvelope);
  } catch (err) {
    throw new ConsentError("an envelope is malformed", { cause: err });
  }
  if (req.header.kind !== REQUEST_KIND || ans.header.kind !== ANSWER_KIND) throw new ConsentError("not a consent request and its answer");
  const caseId = req.header.case;
  if (ans.header.case !== caseId) throw new ConsentError("the answer belongs to another case");
  if (!bytesEqual(ans.sender, visitorSignPk)) throw new ConsentError("the answer is not signed by the case's visitor");
  const members = [...memberSignPks];
  if (!members.some((pk) => bytesEqual(pk, req.sender))) throw new ConsentError("the request is not signed by a member of the office");
  try {
    verifyEnvelope(ans);
  } catch (err) {
    throw new ConsentError("the answer's signature does not verify", { cause: err });
  }
  let request, answer;
  try {
    request = parseRequest(openEnvelope(req.toJSON(), boxSk, members, caseId).payload);
    answer = parseAnswer(openEnvelope(ans.toJSON(), boxSk, [visitorSignPk], caseId).payload);
  } catch (err) {
    throw new ConsentError("an envelope does not open, or does not hold what its kind says", { cause: err });
  }
  if (answer.request !== req.id) throw new ConsentError("the answer names another request");
  if (!bytesEqual(answer.digest, consentDigest(req))) throw new ConsentError("the answer binds other request bytes");
  return { requestId: req.id, request, decision: answer.decision, answeredAt: ans.header.sent_at };
}

/**
 * The state of `request` from its verified answers [{decision, sentAt}] in the thread's order, at
 * Unix time `now`: {state: waiting | accepted | declined | withdrawn | expired, at}. They are taken
 * in the order of their signed sentAt (ties in the thread's order), which the server cannot change
 * as it could the order it lists them in. While waiting, the first accept or decline sent before
 * `until` counts; once accepted, the first withdraw; anything else is ignored. A waiting or
 * accepted consent is expired once `until` has passed.
 */
export function consentState(request, answers, now) {
  let state = "waiting";
  let at = null;
  // Array.prototype.sort is stable; a copy, so the caller's list keeps its order.
  for (const { decision, sentAt } of [...answers].sort((a, b) => a.sentAt - b.sentAt)) {
    if (state === "waiting" && (decision === "accept" || decision === "decline") && sentAt <= request.until) {
      state = decision === "accept" ? "accepted" : "declined";
      at = sentAt;
    } else if (state === "accepted" && decision === "withdraw") {
      state = "withdrawn";
      at = sentAt;
    }
  }
  if ((state === "waiting" || state === "accepted") && now > request.until) return { state: "expired", at: request.until };
  return { state, at };
}
