// Checks the protocol against test vectors laid out like shared/spec/vectors. Mirrors
// crypto/vectors.py: same files, same checks, same names. Takes the files' parsed contents
// ({"pow.json": {...}, ...}, any subset) so that it runs in a browser as well as in Node;
// tools/check-vectors.mjs reads a folder into that shape.

import { authMessage, signChallenge, verifyChallenge } from "./auth.js";
import { openBookmark, sealBookmark } from "./bookmark.js";
import { consentDigest, consentState, parseRequest, verifyAnswer } from "./consent.js";
import { CaseTags, openTags, parseTags, quarterOf } from "./case-tags.js";
import { b64uDecode, b64uEncode, toHex } from "./encoding.js";
import { openEnvelope } from "./envelope.js";
import { ConsentError, EnvelopeError } from "./errors.js";
import { jsonEqual } from "./json-equal.js";
import { fingerprint, kid, normalizeCodename, signPkFromSeed, visitorKeys, visitorSalt } from "./keys.js";
import { passwordKeys, unwrapBundle } from "./member.js";
import { prfSalt, unwrapWithPasskey } from "./passkey-unlock.js";
import { powOk } from "./pow.js";
import { logCases } from "./vectors-log.js";
import { codeFromMarkBits, markBits, normalizeViewCode } from "./viewcode.js";

export { jsonEqual }; // its home is json-equal.js (vectors-log.js uses it too)

// In the order crypto/vectors.py runs them; envelopes.json comes last, with its own layout.
// log.json (docs/protocol/vectors) has its own checks, in vectors-log.js.
export const VECTOR_FILES = [
  "visitor_keys.json",
  "member_bundle.json",
  "pow.json",
  "auth.json",
  "passkey_unlock.json",
  "view_codes.json",
  "bookmarks.json",
  "consent.json",
  "case_tags.json",
  "log.json",
  "envelopes.json",
];

class VectorFailure extends Error {
  constructor(message) {
    super(message);
    this.name = "AssertionError"; // the name Python's checker prints
  }
}

function expect(cond, what) {
  if (!cond) throw new VectorFailure(what);
}

const kdfOf = (v) => ({ ops: v.kdf.ops, mem: v.kdf.mem });

export function checkVisitorKeys(v) {
  expect(normalizeCodename(v.codename) === v.normalized, "normalized codename");
  expect(b64uEncode(visitorSalt(v.office_id)) === v.salt, "salt");
  const keys = visitorKeys(v.codename, v.office_id, kdfOf(v));
  expect(b64uEncode(keys.signPk) === v.sign_pk, "sign_pk");
  expect(b64uEncode(keys.boxPk) === v.box_pk, "box_pk");
  expect(kid(keys.boxPk) === v.kid, "kid");
  expect(fingerprint(keys.boxPk) === v.fingerprint, "fingerprint");
}

export function checkMemberBundle(v) {
  // The vectors use lighter parameters than the member floor ("vectors aside", section 6).
  const pk = passwordKeys(v.password, b64uDecode(v.salt), kdfOf(v), { enforceFloor: false });
  expect(b64uEncode(pk.authPk) === v.auth_pk, "auth_pk");
  const bundle = unwrapBundle(v.bundle, pk.wrappingKey, v.member_id);
  expect(b64uEncode(bundle.signPk) === v.sign_pk, "sign_pk");
  expect(b64uEncode(bundle.boxPk) === v.box_pk, "box_pk");
}

export function checkPow(v) {
  const challenge = b64uDecode(v.challenge);
  expect(powOk(challenge, v.difficulty, v.valid_nonce), "valid nonce accepted");
  expect(!powOk(challenge, v.difficulty, v.invalid_nonce), "invalid nonce refused");
}

export function checkAuth(v) {
  const seed = b64uDecode(v.sign_seed);
  const pk = signPkFromSeed(seed);
  const challenge = b64uDecode(v.challenge);
  expect(b64uEncode(pk) === v.sign_pk, "sign_pk");
  expect(toHex(authMessage(v.office_id, challenge)) === v.message_hex, "message");
  expect(b64uEncode(signChallenge(seed, v.office_id, challenge)) === v.sig, "signature");
  verifyChallenge(pk, v.office_id, challenge, b64uDecode(v.sig));
}

export function checkPasskeyUnlock(v) {
  expect(b64uEncode(prfSalt(v.office_id, v.username)) === v.prf_salt, "prf salt");
  const prfOutput = b64uDecode(v.prf_output, 32);
  const bundle = unwrapWithPasskey(v.wrapped, prfOutput, v.member_id);
  expect(b64uEncode(bundle.signPk) === v.sign_pk, "sign_pk");
  expect(b64uEncode(bundle.boxPk) === v.box_pk, "box_pk");
  try {
    unwrapWithPasskey(v.wrapped, prfOutput, `${v.member_id}x`);
  } catch (err) {
    if (err instanceof EnvelopeError) return;
    throw err;
  }
  throw new VectorFailure("opened for another member id");
}

export function checkViewCodes(v) {
  for (const c of v.normalize) expect(normalizeViewCode(c.typed) === c.code, `normalize ${JSON.stringify(c.typed)}`);
  for (const c of v.marks) {
    expect(markBits(c.code) === c.bits, `mark bits of ${c.code}`);
    expect(codeFromMarkBits(c.bits) === normalizeViewCode(c.code), `code from ${c.code}'s bits`);
  }
  for (const c of v.bad_marks) expect(codeFromMarkBits(c.bits) === null, `refuse a mark: ${c.why}`);
}

function checkBookmarks(v) {
  const boxSk = b64uDecode(v.box_sk, 32);
  const nonce = b64uDecode(v.nonce, 24);
  for (const [i, c] of v.opens.entries()) {
    const opened = openBookmark(c.sealed, { boxSk, memberId: v.member_id, caseId: v.case_id });
    expect(opened.label === c.label && opened.read === c.read, `opens[${i}]`);
    const again = sealBookmark(opened, { boxSk, memberId: v.member_id, caseId: v.case_id, nonce });
    expect(jsonEqual(again, c.sealed), `opens[${i}] sealed again`);
  }
  for (const c of v.refused) {
    try {
      openBookmark(c.sealed, { boxSk, memberId: c.member_id, caseId: c.case_id });
    } catch (err) {
      if (err instanceof EnvelopeError) continue;
      throw err;
    }
    throw new VectorFailure(`opened a bookmark to refuse: ${c.why}`);
  }
}

function checkConsent(v) {
  const r = v.request;
  const visitor = b64uDecode(v.visitor_sign_pk, 32);
  const memberSignPks = v.member_sign_pks.map((pk) => b64uDecode(pk, 32));
  const same = (got) => got.body === r.body && got.withWhom === r.with && got.named === r.named && got.until === r.until;
  expect(b64uEncode(consentDigest(r.envelope)) === r.digest, "request digest");
  for (const opener of ["office_box_sk", "visitor_box_sk"]) {
    const boxSk = b64uDecode(v[opener], 32);
    const opened = openEnvelope(r.envelope, boxSk, memberSignPks, v.case);
    expect(same(parseRequest(opened.payload)), `request as opened with ${opener}`);
    for (const [i, a] of v.answers.entries()) {
      const got = verifyAnswer(r.envelope, a.envelope, visitor, { boxSk, memberSignPks });
      expect(got.requestId === r.id && same(got.request), `answers[${i}] request with ${opener}`);
      expect(got.decision === a.decision && got.answeredAt === a.answered_at, `answers[${i}] with ${opener}`);
    }
    for (const c of v.refused) {
      try {
        verifyAnswer(c.request, c.envelope, visitor, { boxSk, memberSignPks });
      } catch (err) {
        if (err instanceof ConsentError) continue;
        throw err;
      }
      throw new VectorFailure(`verified an answer to refuse: ${c.why}`);
    }
  }
  const request = parseRequest({ format: "consent-request", body: r.body, with: r.with, named: r.named, until: r.until, pad: "" });
  for (const [i, c] of v.states.entries()) {
    const got = consentState(request, c.answers.map(([decision, sentAt]) => ({ decision, sentAt })), c.now);
    expect(got.state === c.state && got.at === c.at, `states[${i}]`);
  }
}

function checkCaseTags(v) {
  const officeId = v.office_id;
  const officeBoxSk = b64uDecode(v.office_box_sk, 32);
  const senders = [b64uDecode(v.sender_sign_pk, 32)];
  for (const c of v.quarters) expect(quarterOf(c.at) === c.quarter, `quarter of ${c.at}`);
  for (const [i, c] of v.opens.entries()) {
    const tags = openTags(c.envelope, { officeId, officeBoxSk, senders });
    const want = new CaseTags(c.tags.case, c.tags.quarter, c.tags.codes);
    expect(jsonEqual(tags.toJSON(), want.toJSON()), `opens[${i}]`);
  }
  for (const c of v.refused) {
    try {
      parseTags(openEnvelope(c.envelope, officeBoxSk, senders, officeId), c.case_id ?? undefined);
    } catch (err) {
      if (err instanceof EnvelopeError) continue;
      throw err;
    }
    throw new VectorFailure(`opened a tag record to refuse: ${c.why}`);
  }
}

function validEnvelope(keys, caseId) {
  return (v) => {
    for (const opener of v.openers) {
      const opened = openEnvelope(v.envelope, b64uDecode(keys[opener]), [b64uDecode(v.expected_sender_pk)], v.expected_case);
      expect(jsonEqual(opened.header, v.header), `header as opened by ${opener}`);
      expect(jsonEqual(opened.payload, v.payload), `payload as opened by ${opener}`);
    }
    expect(v.expected_case === caseId, "case");
  };
}

function invalidEnvelope(keys) {
  return (v) => {
    try {
      openEnvelope(v.envelope, b64uDecode(keys[v.opener]), [b64uDecode(v.expected_sender_pk)], v.expected_case);
    } catch (err) {
      if (err instanceof EnvelopeError) return;
      throw err;
    }
    throw new VectorFailure("opened an envelope that must be refused");
  };
}

/** [name, check, vector] for every vector in `files` (file name -> parsed JSON). */
export function* vectorCases(files) {
  const simple = {
    "visitor_keys.json": checkVisitorKeys,
    "member_bundle.json": checkMemberBundle,
    "pow.json": checkPow,
    "auth.json": checkAuth,
    "passkey_unlock.json": checkPasskeyUnlock,
  };
  for (const [name, check] of Object.entries(simple)) {
    if (Object.hasOwn(files, name)) {
      for (const [i, v] of files[name].vectors.entries()) yield [`${name}[${i}]`, check, v];
    }
  }
  // Whole-file checks: this project's own vectors (docs/protocol/vectors).
  for (const [name, check] of Object.entries({
    "view_codes.json": checkViewCodes,
    "bookmarks.json": checkBookmarks,
    "consent.json": checkConsent,
    "case_tags.json": checkCaseTags,
  })) {
    if (Object.hasOwn(files, name)) yield [name, check, files[name]];
  }
  if (Object.hasOwn(files, "log.json")) yield* logCases(files["log.json"]);
  const data = files["envelopes.json"];
  if (data !== undefined) {
    for (const [i, v] of data.valid.entries()) yield [`envelopes.json valid[${i}]`, validEnvelope(data.keys, data.case), v];
    for (const [i, v] of data.invalid.entries()) {
      yield [`envelopes.json invalid[${i}] (${v.reason})`, invalidEnvelope(data.keys), v];
    }
  }
}

/** [{name, ok, detail}] for every vector; a check that throws anything is a failure. */
export function checkVectors(files) {
  const results = [];
  for (const [name, check, vector] of vectorCases(files)) {
    try {
      check(vector);
      results.push({ name, ok: true, detail: "" });
    } catch (err) {
      results.push({ name, ok: false, detail: `${err?.name ?? "Error"}: ${err?.message ?? err}` });
    }
  }
  return results;
}
