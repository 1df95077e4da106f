// Entries of the signed office log (docs/protocol/v2.md sections 2, 3.1 to 3.3 and 3.5): their
// bodies, hashes and signatures, strict parsing, and the fingerprints people compare. What a
// whole log means is log-state.js's. Mirrors crypto/log.py (records and settings live in
// log-records.js, re-exported here). Synchronous: `await ready()` (sodium.js) once before use.

import { b64uDecode, b64uEncode, concatBytes, h16, h32, requireBytes, taggedV2, toHex, utf8Decode, utf8Encode } from "./encoding.js";
import { DecodeError, LogError, SignatureError } from "./errors.js";
import { signSkFromSeed } from "./keys.js";
import {
  isObject,
  hasExactly,
  integer,
  keyVersion,
  logSettings,
  MEMBER_ID_MAX,
  memberRecord,
  object,
  OFFICE_NAME_MAX,
  records,
  text,
} from "./log-records.js";
import { getSodium } from "./sodium.js";
import { isIntegerMember, parseJson } from "./strict-json.js";

export {
  DISPLAY_NAME_MAX,
  KDF_ALG,
  KeyVersion,
  keyVersion,
  LogSettings,
  logSettings,
  MEMBER_ID_MAX,
  MemberRecord,
  memberRecord,
  OFFICE_NAME_MAX,
} from "./log-records.js";

export const VERSION = 2;
export const TYPES = Object.freeze(["genesis", "member_added", "member_removed", "office_key", "settings"]);
export const COMMON = Object.freeze(["v", "office", "seq", "prev", "at", "type"]);
export const FIELDS = Object.freeze({
  genesis: Object.freeze(["name", "members", "former_members", "office_keys", "settings"]),
  member_added: Object.freeze(["member"]),
  member_removed: Object.freeze(["member_id", "office_key"]),
  office_key: Object.freeze(["office_key"]),
  settings: Object.freeze(["settings"]),
});
export const MAX_SIGS = 2;
export const SHORT_CODE_DIGITS = 20;
const HASH_BYTES = 32;
const SIG_BYTES = 64;

/** One signature of an entry: the signer's member id and the 64-byte signature. */
export class Signature {
  constructor(by, sig) {
    this.by = by;
    this.sig = sig;
    Object.freeze(this);
  }
}

/** An entry as it travels: the body's bytes, the body parsed and typed, and its signatures. */
export class LogEntry {
  constructor(bodyBytes, body, sigs) {
    this.bodyBytes = bodyBytes;
    this.body = body;
    this.sigs = Object.freeze([...sigs]);
    this.hash = entryHash(bodyBytes); // (once: chaining and every signature check need it)
    Object.freeze(this);
  }

  get seq() {
    return Number(this.body.seq);
  }

  get type() {
    return String(this.body.type);
  }

  /** The wire form {body, sigs}; JSON.stringify(entry) gives it too. */
  toJSON() {
    return { body: b64uEncode(this.bodyBytes), sigs: this.sigs.map((s) => ({ by: s.by, sig: b64uEncode(s.sig) })) };
  }
}

// --- Hashes, signatures, fingerprints ------------------------------------------------------

export function entryHash(bodyBytes) {
  return h32(taggedV2("log-entry", requireBytes(bodyBytes, "bodyBytes")));
}

function signedMessage(bodyBytes, hash = entryHash(bodyBytes)) {
  return taggedV2("log-sig", hash);
}

export function signBody(bodyBytes, memberId, signSeed) {
  const signSk = signSkFromSeed(signSeed);
  try {
    return new Signature(memberId, getSodium().crypto_sign_detached(signedMessage(bodyBytes), signSk));
  } finally {
    signSk.fill(0);
  }
}

/** Throws SignatureError unless `signature` is by `signPk` over this body (`hash`: its entryHash, if known). */
export function verifySignature(bodyBytes, signature, signPk, hash = undefined) {
  let ok = false;
  try {
    ok = getSodium().crypto_sign_verify_detached(signature.sig, signedMessage(bodyBytes, hash), signPk);
  } catch (err) {
    throw new SignatureError("log entry signature does not verify", { cause: err });
  }
  if (!ok) throw new SignatureError("log entry signature does not verify");
}

function groups(hexed) {
  return hexed.match(/.{1,4}/g).join(" ");
}

export function officeFingerprint(genesisHash) {
  return groups(toHex(h16(taggedV2("fingerprint", requireBytes(genesisHash, "genesisHash")))).toUpperCase());
}

/** The fingerprint's first 64 bits as 20 digits in groups of five, for comparing aloud. */
export function shortCode(genesisHash) {
  const hashed = h16(taggedV2("fingerprint", requireBytes(genesisHash, "genesisHash")));
  // 64 bits exceed a Number's 53: read them as a BigInt.
  const value = new DataView(hashed.buffer, hashed.byteOffset, 8).getBigUint64(0, false);
  return String(value).padStart(SHORT_CODE_DIGITS, "0").match(/.{5}/g).join(" ");
}

export function memberFingerprint(record) {
  const material = concatBytes(utf8Encode(record.memberId), new Uint8Array([0]), record.signPk, record.boxPk);
  return groups(toHex(h16(taggedV2("member", material))).toUpperCase());
}

/** The fingerprint a link's fragment carries (`fp=…`), in its shown form; null if none. */
export function fingerprintFromLink(fragment) {
  if (typeof fragment !== "string") throw new TypeError("a fragment is a string");
  for (const part of fragment.replace(/^#+/, "").split("&")) {
    const eq = part.indexOf("=");
    if ((eq === -1 ? part : part.slice(0, eq)) !== "fp") continue;
    const value = eq === -1 ? "" : part.slice(eq + 1);
    // In Python's order: a dash removed may join "%2" and "0" into a "%20" removed next.
    const hexed = value.replaceAll(" ", "").replaceAll("-", "").replaceAll("%20", "").toUpperCase();
    if (/^[0-9A-F]{32}$/.test(hexed)) return groups(hexed);
  }
  return null;
}

// --- Building entries ----------------------------------------------------------------------

// JSON.stringify writes what Python's json.dumps(separators=(",", ":"), ensure_ascii=False)
// writes for what a body holds (strings, integers, booleans, null, lists, objects in insertion
// order); see envelope.js.
function dumps(value) {
  return utf8Encode(JSON.stringify(value));
}

/** A body with the common fields first, then the type's (`fields`, as JSON values). */
export function newBody(officeId, seq, prev, at, type, fields = {}) {
  const body = { v: VERSION, office: officeId, seq, prev: prev == null ? null : b64uEncode(prev), at, type };
  return { ...body, ...fields };
}

export function genesisBody(officeId, at, name, members, formerMembers, officeKeys, settings) {
  return newBody(officeId, 0, null, at, "genesis", {
    name,
    members: members.map((m) => m.toJSON()),
    former_members: formerMembers.map((m) => m.toJSON()),
    office_keys: officeKeys.map((k) => k.toJSON()),
    settings: settings.toJSON(),
  });
}

/** Serialise `body` once and sign it by each [memberId, signSeed]. */
export function makeEntry(body, signers) {
  const bodyBytes = dumps(body);
  return new LogEntry(
    bodyBytes,
    parseBody(bodyBytes),
    Array.from(signers, ([memberId, seed]) => signBody(bodyBytes, memberId, seed)),
  );
}

/** A co-signer's signature on the same body bytes (two signatures to add a member). */
export function addSignature(entry, memberId, signSeed) {
  return new LogEntry(entry.bodyBytes, entry.body, [...entry.sigs, signBody(entry.bodyBytes, memberId, signSeed)]);
}

// --- Parsing strictly ----------------------------------------------------------------------

// Python reads a body with parse_float refusing, so a number not written as an integer (1.0,
// 1e3) anywhere is refused while parsing; strict-json.js records which members were integers.
function integersOnly(value) {
  if (Array.isArray(value)) {
    for (const v of value) {
      if (typeof v === "number" && !Number.isSafeInteger(v)) throw new DecodeError("a number that is not an integer");
      integersOnly(v);
    }
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "number" && !isIntegerMember(value, k)) throw new DecodeError("a number that is not an integer");
      integersOnly(v);
    }
  }
}

/** The form of each field; what they mean against the log is log-state.js's to check. */
function checkFields(body) {
  integer(body.seq, "seq");
  integer(body.at, "at");
  text(body.office, "office", OFFICE_NAME_MAX);
  if (body.prev !== null) b64uDecode(body.prev, HASH_BYTES);
  const kind = body.type;
  if (kind === "genesis") {
    text(body.name, "name", OFFICE_NAME_MAX);
    records(body.members, "members");
    records(body.former_members, "former_members");
    if (!Array.isArray(body.office_keys) || body.office_keys.length === 0) {
      throw new LogError("office_keys must be a non-empty list");
    }
    for (const k of body.office_keys) keyVersion(k);
    logSettings(body.settings);
  } else if (kind === "member_added") {
    memberRecord(body.member);
  } else if (kind === "member_removed") {
    text(body.member_id, "member_id", MEMBER_ID_MAX);
    keyVersion(body.office_key);
  } else if (kind === "office_key") {
    keyVersion(body.office_key);
  } else {
    logSettings(body.settings);
  }
}

export function parseBody(bodyBytes) {
  let body;
  try {
    body = parseJson(utf8Decode(requireBytes(bodyBytes, "bodyBytes")));
    integersOnly(body);
  } catch (err) {
    if (err instanceof DecodeError) throw new LogError("an entry body is not strict UTF-8 JSON", { cause: err });
    throw err;
  }
  if (!isObject(body) || !Object.hasOwn(body, "v") || body.v !== VERSION) {
    throw new LogError("an entry body is a JSON object with v 2");
  }
  const kind = Object.hasOwn(body, "type") ? body.type : undefined;
  if (!TYPES.includes(kind)) throw new LogError("unknown entry type");
  const fields = [...COMMON, ...FIELDS[kind]];
  if (!hasExactly(body, fields)) throw new LogError(`a ${kind} entry has exactly the fields ${fields.join(", ")}`);
  try {
    checkFields(body);
  } catch (err) {
    if (err instanceof DecodeError) throw new LogError(`a field of the entry is malformed: ${err.message}`, { cause: err });
    throw err;
  }
  return body;
}

/** An entry as it travels, decoded strictly; its signatures are not checked here. */
export function parseEntry(obj) {
  let bodyBytes;
  const parsed = [];
  try {
    if (!isObject(obj) || !hasExactly(obj, ["body", "sigs"])) throw new LogError("an entry is an object with body and sigs");
    bodyBytes = b64uDecode(obj.body);
    const sigs = obj.sigs;
    if (!Array.isArray(sigs) || sigs.length < 1 || sigs.length > MAX_SIGS) {
      throw new LogError(`an entry has 1 to ${MAX_SIGS} signatures`);
    }
    for (const s of sigs) {
      const sObj = object(s, ["by", "sig"], "a signature");
      parsed.push(new Signature(text(sObj.by, "by", MEMBER_ID_MAX), b64uDecode(sObj.sig, SIG_BYTES)));
    }
  } catch (err) {
    if (err instanceof DecodeError) throw new LogError(`an entry is malformed: ${err.message}`, { cause: err });
    throw err;
  }
  if (new Set(parsed.map((s) => s.by)).size !== parsed.length) throw new LogError("a member signs an entry twice");
  return new LogEntry(bodyBytes, parseBody(bodyBytes), parsed);
}
