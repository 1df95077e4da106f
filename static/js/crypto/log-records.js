// What entries of the office log carry (docs/protocol/v2.md sections 2 and 3.3): member
// records, office key versions and settings, with their strict parsers. Part of crypto/log.py's
// mirror, split off to keep log.js short; import them from log.js.

import { b64uDecode, b64uEncode } from "./encoding.js";
import { DecodeError, LogError } from "./errors.js";
import { kdfAsJson } from "./keys.js";

export const MEMBER_ID_MAX = 32;
export const DISPLAY_NAME_MAX = 80;
export const OFFICE_NAME_MAX = 200;
export const KDF_ALG = "argon2id13";
const KEY_BYTES = 32;

/** A member as the log names them: id, display name and public keys (Uint8Arrays). */
export class MemberRecord {
  constructor(memberId, displayName, signPk, boxPk) {
    this.memberId = memberId;
    this.displayName = displayName;
    this.signPk = signPk;
    this.boxPk = boxPk;
    Object.freeze(this);
  }

  toJSON() {
    return {
      member_id: this.memberId,
      display_name: this.displayName,
      sign_pk: b64uEncode(this.signPk),
      box_pk: b64uEncode(this.boxPk),
    };
  }
}

/** One version of the office box key, as the log names it. */
export class KeyVersion {
  constructor(version, boxPk) {
    this.version = version;
    this.boxPk = boxPk;
    Object.freeze(this);
  }

  toJSON() {
    return { version: this.version, box_pk: b64uEncode(this.boxPk) };
  }
}

/** The office's settings; each KDF is {ops, mem}, as keys.js takes them. */
export class LogSettings {
  constructor(visitorKdf, memberKdf, twoSignaturesToAdd = false) {
    this.visitorKdf = Object.freeze({ ops: visitorKdf.ops, mem: visitorKdf.mem });
    this.memberKdf = Object.freeze({ ops: memberKdf.ops, mem: memberKdf.mem });
    this.twoSignaturesToAdd = twoSignaturesToAdd;
    Object.freeze(this);
  }

  toJSON() {
    return {
      visitor_kdf: kdfAsJson(this.visitorKdf),
      member_kdf: kdfAsJson(this.memberKdf),
      two_signatures_to_add: this.twoSignaturesToAdd,
    };
  }
}

// --- Strict checks, each the twin of a helper in crypto/log.py ------------------------------

export function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** True if `obj` has exactly `keys` as its own keys (Python's set(obj) == set(keys)). */
export function hasExactly(obj, keys) {
  return Object.keys(obj).length === keys.length && keys.every((k) => Object.hasOwn(obj, k));
}

// Python's int is unbounded and excludes bool; both sides refuse 2^53 and above.
export function integer(value, what, low = 0) {
  if (!Number.isSafeInteger(value) || value < low) throw new LogError(`${what} must be an integer from ${low}`);
  return value;
}

// Python's len() counts code points, not UTF-16 units: a name of 80 emoji is 80 characters.
export function text(value, what, longest) {
  let n = 0;
  if (typeof value === "string") for (const _ of value) n++;
  if (typeof value !== "string" || n < 1 || n > longest) throw new LogError(`${what} must be 1 to ${longest} characters`);
  if (LONE_SURROGATE.test(value)) throw new LogError(`${what} holds a lone surrogate, which is not text`);
  return value;
}

const LONE_SURROGATE = /\p{Cs}/u; // with the u flag a proper pair is one code point, not Cs

export function object(value, keys, what) {
  if (!isObject(value) || !hasExactly(value, keys)) {
    throw new LogError(`${what} must be an object with exactly ${keys.join(", ")}`);
  }
  return value;
}

function key(value, what) {
  try {
    return b64uDecode(value, KEY_BYTES);
  } catch (err) {
    if (err instanceof DecodeError) throw new LogError(`${what} must be 32 bytes of base64url`, { cause: err });
    throw err;
  }
}

export function memberRecord(value) {
  const obj = object(value, ["member_id", "display_name", "sign_pk", "box_pk"], "a member");
  return new MemberRecord(
    text(obj.member_id, "member_id", MEMBER_ID_MAX),
    text(obj.display_name, "display_name", DISPLAY_NAME_MAX),
    key(obj.sign_pk, "sign_pk"),
    key(obj.box_pk, "box_pk"),
  );
}

export function keyVersion(value) {
  const obj = object(value, ["version", "box_pk"], "an office key");
  return new KeyVersion(integer(obj.version, "version", 1), key(obj.box_pk, "box_pk"));
}

function kdf(value) {
  const obj = object(value, ["alg", "ops", "mem"], "a kdf");
  if (obj.alg !== KDF_ALG) throw new LogError("kdf alg must be argon2id13");
  return { ops: integer(obj.ops, "ops", 1), mem: integer(obj.mem, "mem", 1) };
}

export function logSettings(value) {
  const obj = object(value, ["visitor_kdf", "member_kdf", "two_signatures_to_add"], "settings");
  if (typeof obj.two_signatures_to_add !== "boolean") throw new LogError("two_signatures_to_add must be true or false");
  return new LogSettings(kdf(obj.visitor_kdf), kdf(obj.member_kdf), obj.two_signatures_to_add);
}

export function records(value, what) {
  if (!Array.isArray(value)) throw new LogError(`${what} must be a list`);
  return value.map((v) => memberRecord(v));
}
