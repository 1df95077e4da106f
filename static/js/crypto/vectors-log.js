// Checks of the office-log vectors (docs/protocol/vectors/log.json), as vectors.js checks the
// rest. Mirrors crypto/vectors_log.py: same cases, same names, same checks.

import { b64uDecode, b64uEncode } from "./encoding.js";
import { LogError } from "./errors.js";
import { jsonEqual } from "./json-equal.js";
import { fingerprintFromLink, memberFingerprint, memberRecord, parseEntry } from "./log.js";
import { LogState, verifyLog } from "./log-state.js";

class VectorFailure extends Error {
  constructor(message) {
    super(message);
    this.name = "VectorFailure"; // the name Python's checker prints for this module's failures
  }
}

function expect(cond, what) {
  if (!cond) throw new VectorFailure(what);
}

function checkValid(officeId, c) {
  const state = verifyLog(c.entries, officeId);
  const want = c.expect;
  expect(state.length === want.length, `${c.name}: length`);
  expect(b64uEncode(state.head) === want.head, `${c.name}: head`);
  expect(state.fingerprint === want.fingerprint, `${c.name}: fingerprint`);
  expect(state.shortCode === want.short_code, `${c.name}: short code`);
  const current = state.currentMembers().map((m) => ({ member_id: m.memberId, display_name: m.displayName }));
  expect(jsonEqual(current, want.current_members), `${c.name}: current members`);
  const former = [...state.members].filter(([, m]) => !m.current).map(([id]) => id);
  expect(jsonEqual(former.sort(), want.former_members), `${c.name}: former members`);
  expect(jsonEqual(state.currentKey.toJSON(), want.current_key), `${c.name}: current key`);
  return state;
}

/** The seq of the first entry a verifier refuses, or null if it takes them all. */
function refusedAt(entries) {
  const state = new LogState();
  for (const [at, raw] of entries.entries()) {
    try {
      state.apply(parseEntry(raw));
    } catch (err) {
      if (err instanceof LogError) return at;
      throw err; // any other error is a failure of the check, as in Python
    }
  }
  return null;
}

function checkInvalid(c) {
  expect(refusedAt(c.entries) === c.bad_at, `refused at ${c.bad_at}`);
}

function checkSender(state, c) {
  let got;
  try {
    got = state.itemSender(b64uDecode(c.sign_pk), c.sent_at, c.recipient_kids).memberId;
  } catch (err) {
    if (!(err instanceof LogError)) throw err;
    got = null;
  }
  expect(got === c.member_id, "sender accepted or refused");
}

function checkPin(state, c) {
  const pin = c.pin;
  const extends_ = pin.fingerprint === state.fingerprint && state.extends(pin.length, b64uDecode(pin.head));
  expect(extends_ === c.extends, "extends");
}

function checkMemberFingerprint(c) {
  expect(memberFingerprint(memberRecord(c.member)) === c.fingerprint, "member fingerprint");
}

function checkLink(c) {
  expect(fingerprintFromLink(c.fragment) === c.fingerprint, "fingerprint from the link");
}

/** [name, check, vector] for each case of log.json, one result line each. */
export function* logCases(v) {
  const officeId = v.office_id;
  const logs = new Map(v.valid.map((c) => [c.name, c]));
  const stateOf = (name) => verifyLog(logs.get(name).entries, officeId);

  for (const c of v.valid) yield [`log.json valid[${c.name}]`, (x) => checkValid(officeId, x), c];
  for (const c of v.invalid) yield [`log.json invalid (${c.reason})`, checkInvalid, c];
  for (const c of v.senders.cases) yield [`log.json sender (${c.why})`, (x) => checkSender(stateOf(v.senders.log), x), c];
  for (const c of v.pins.cases) yield [`log.json pin (${c.why})`, (x) => checkPin(stateOf(v.pins.log), x), c];
  for (const [i, c] of v.member_fingerprints.entries()) yield [`log.json member_fingerprints[${i}]`, checkMemberFingerprint, c];
  for (const [i, c] of v.links.entries()) yield [`log.json links[${i}]`, checkLink, c];
}
