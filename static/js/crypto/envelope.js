// Sealed envelopes: sealing, strict parsing, verifying and opening (PROTOCOL.md section 4).
// Mirrors crypto/envelope.py. Synchronous: `await ready()` (sodium.js) once before use.

import { b64uDecode, b64uEncode, bytesEqual, le64, requireBytes, tagged, utf8Decode, utf8Encode } from "./encoding.js";
import { DecodeError, EnvelopeError, SignatureError, VersionError } from "./errors.js";
import { boxPkFromSk, kid, signPkFromSeed, signSkFromSeed } from "./keys.js";
import { getSodium } from "./sodium.js";
import { isIntegerMember, parseJson } from "./strict-json.js";

export const VERSION = 1;
export const ID_BYTES = 16;
export const KEY_BYTES = 32;
export const NONCE_BYTES = 24;
export const SEALED_KEY_BYTES = KEY_BYTES + 48; // crypto_box_seal adds an ephemeral key and a MAC
export const TAG_BYTES = 16;
export const MIN_PADDED = 256;
const SIG_BYTES = 64;
const SIGN_PK_BYTES = 32;
const KID_BYTES = 16;
const ENVELOPE_PARTS = ["ciphertext", "header", "sig"];

/** An envelope as it travels, its three parts decoded and the header parsed and typed. */
export class Envelope {
  constructor(headerBytes, header, ciphertext, sig) {
    this.headerBytes = headerBytes;
    this.header = header;
    this.ciphertext = ciphertext;
    this.sig = sig;
    Object.freeze(this);
  }

  get id() {
    return String(this.header.id);
  }

  get sender() {
    return b64uDecode(this.header.sender);
  }

  get recipientKids() {
    return this.header.recipients.map((r) => r.kid);
  }

  get paddedSize() {
    return this.ciphertext.length - TAG_BYTES;
  }

  /** The wire form {header, ciphertext, sig}; JSON.stringify(envelope) gives it too. */
  toJSON() {
    return { header: b64uEncode(this.headerBytes), ciphertext: b64uEncode(this.ciphertext), sig: b64uEncode(this.sig) };
  }
}

/** The smallest power of two that is at least 256 and at least `unpadded`. */
export function paddedLength(unpadded) {
  let size = MIN_PADDED;
  while (size < unpadded) size *= 2;
  return size;
}

export function isPaddedLength(n) {
  return Number.isSafeInteger(n) && n >= MIN_PADDED && paddedLength(n) === n;
}

// JSON.stringify without spaces writes what Python's json.dumps(separators=(",", ":"),
// ensure_ascii=False) writes for strings, integers, booleans, null, lists and objects (keys in
// insertion order), which is all a header holds. (Floats would differ: Python writes 1.0, 1e+16.)
function dumps(value) {
  return utf8Encode(JSON.stringify(value));
}

/** Serialise `payload` with `pad` set so that its length in UTF-8 bytes is a padded length. */
export function encodePayload(payload) {
  if (payload === null || typeof payload !== "object" || Array.isArray(payload)) {
    throw new TypeError("a payload is a JSON object");
  }
  const fields = Object.fromEntries(Object.entries(payload).filter(([k]) => k !== "pad"));
  const bare = dumps({ ...fields, pad: "" }).length;
  return dumps({ ...fields, pad: " ".repeat(paddedLength(bare) - bare) });
}

export function signedBytes(headerBytes, ciphertext) {
  return tagged("envelope", le64(headerBytes.length), headerBytes, ciphertext);
}

function requireInteger(value, what) {
  if (!Number.isSafeInteger(value)) throw new TypeError(`${what} must be an integer`);
}

/**
 * Seal `payload` (a JSON object, padded here) for the recipients' box public keys, signed with
 * the sender's 32-byte Ed25519 seed. `keep` undefined or null leaves the field out; `id`
 * (b64u of 16 bytes) is drawn at random unless given.
 */
export function sealEnvelope(
  payload,
  { caseId, kind, senderSeed, recipientBoxPks, sentAt, ttl = null, viewOnce = false, keep = undefined, id = undefined, log = undefined },
) {
  const sodium = getSodium();
  if (typeof caseId !== "string" || typeof kind !== "string") throw new TypeError("caseId and kind must be strings");
  requireInteger(sentAt, "sentAt");
  if (ttl !== null) requireInteger(ttl, "ttl");
  if (typeof viewOnce !== "boolean") throw new TypeError("viewOnce must be a boolean");
  if (keep !== undefined && keep !== null && typeof keep !== "boolean") throw new TypeError("keep must be a boolean");
  if (!Array.isArray(recipientBoxPks) || recipientBoxPks.length === 0) throw new TypeError("recipientBoxPks: one or more keys");
  if (id !== undefined && id !== null) b64uDecode(id, ID_BYTES);

  const key = sodium.randombytes_buf(KEY_BYTES);
  const nonce = sodium.randombytes_buf(NONCE_BYTES);
  const signSk = signSkFromSeed(senderSeed);
  try {
    const header = {
      v: VERSION,
      id: id ?? b64uEncode(sodium.randombytes_buf(ID_BYTES)),
      case: caseId,
      kind,
      sender: b64uEncode(signPkFromSeed(senderSeed)),
      sent_at: sentAt,
      ttl,
      view_once: viewOnce,
      nonce: b64uEncode(nonce),
      recipients: recipientBoxPks.map((pk) => ({
        kid: kid(requireBytes(pk, "recipient key")),
        key: b64uEncode(sodium.crypto_box_seal(key, pk)),
      })),
    };
    if (keep !== undefined && keep !== null) header.keep = keep;
    // The office log as the sender verified it (docs/protocol/v2.md section 4): readers on a log
    // that forked from it see so.
    if (log !== undefined && log !== null) header.log = { length: log.length, head: b64uEncode(requireBytes(log.head, "log.head")) };
    const headerBytes = dumps(header);
    const plain = encodePayload(payload);
    const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, headerBytes, null, nonce, key);
    plain.fill(0);
    const sig = sodium.crypto_sign_detached(signedBytes(headerBytes, ciphertext), signSk);
    return new Envelope(headerBytes, header, ciphertext, sig);
  } finally {
    key.fill(0);
    signSk.fill(0);
  }
}

function own(obj, key) {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

// The same checks, in the same order, as crypto/envelope.py's _check_header.
function checkHeader(header) {
  if (!isObject(header)) throw new DecodeError("header is not a JSON object");
  if (own(header, "v") !== VERSION || !isIntegerMember(header, "v")) throw new VersionError("unknown protocol version");
  b64uDecode(own(header, "id"), ID_BYTES);
  b64uDecode(own(header, "sender"), SIGN_PK_BYTES);
  b64uDecode(own(header, "nonce"), NONCE_BYTES);
  if (typeof own(header, "case") !== "string" || typeof own(header, "kind") !== "string") {
    throw new DecodeError("case and kind must be strings");
  }
  if (!isIntegerMember(header, "sent_at")) throw new DecodeError("sent_at must be an integer");
  if (own(header, "ttl") !== null && !isIntegerMember(header, "ttl")) throw new DecodeError("ttl must be an integer or null");
  if (typeof own(header, "view_once") !== "boolean") throw new DecodeError("view_once must be a boolean");
  if (Object.hasOwn(header, "keep") && typeof header.keep !== "boolean") throw new DecodeError("keep must be a boolean");
  if (Object.hasOwn(header, "log")) {
    const seen = header.log;
    const fields = isObject(seen) ? Object.keys(seen).sort().join() : "";
    if (fields !== "head,length" || !isIntegerMember(seen, "length") || seen.length < 1) throw new DecodeError("log must be {length, head}");
    b64uDecode(own(seen, "head"), 32);
  }
  const recipients = own(header, "recipients");
  if (!Array.isArray(recipients) || recipients.length === 0) throw new DecodeError("recipients must be a non-empty list");
  for (const r of recipients) {
    if (!isObject(r)) throw new DecodeError("a recipient must be an object");
    b64uDecode(own(r, "kid"), KID_BYTES);
    b64uDecode(own(r, "key"), SEALED_KEY_BYTES);
  }
  return header;
}

/** Decode an envelope strictly and type its header; the signature is not checked here. */
export function parseEnvelope(obj) {
  if (!isObject(obj) || Object.keys(obj).sort().join() !== ENVELOPE_PARTS.join()) {
    throw new DecodeError("an envelope is an object with header, ciphertext and sig");
  }
  const headerBytes = b64uDecode(obj.header);
  const ciphertext = b64uDecode(obj.ciphertext);
  const sig = b64uDecode(obj.sig, SIG_BYTES);
  if (ciphertext.length < TAG_BYTES) throw new DecodeError("ciphertext too short");
  const header = parseJson(utf8Decode(headerBytes));
  return new Envelope(headerBytes, checkHeader(header), ciphertext, sig);
}

/** Throws SignatureError unless the envelope is signed by the key its header names. */
export function verifyEnvelope(env) {
  let ok = false;
  try {
    ok = getSodium().crypto_sign_verify_detached(env.sig, signedBytes(env.headerBytes, env.ciphertext), env.sender);
  } catch (err) {
    throw new SignatureError("envelope signature does not verify", { cause: err });
  }
  if (!ok) throw new SignatureError("envelope signature does not verify");
}

/**
 * Open as a client does, in the spec's order: decode strictly, parse, check v, check the sender
 * is one of `expectedSenders` (Uint8Arrays) and the case is `expectedCase`, verify, find the
 * own kid, open the key, decrypt. Returns {header, payload}; every failure is one EnvelopeError
 * (the cause, for debugging, in `.cause`).
 */
export function openEnvelope(obj, boxSk, expectedSenders, expectedCase) {
  const sodium = getSodium(); // outside the try: not being ready is a programming error
  try {
    const env = parseEnvelope(obj);
    const sender = env.sender;
    if (!Array.from(expectedSenders, (pk) => bytesEqual(pk, sender)).includes(true)) {
      throw new EnvelopeError("unexpected sender");
    }
    if (env.header.case !== expectedCase) throw new EnvelopeError("envelope of another case");
    verifyEnvelope(env);
    const boxPk = boxPkFromSk(boxSk);
    const ownKid = kid(boxPk);
    const sealed = env.header.recipients.find((r) => r.kid === ownKid)?.key;
    if (sealed === undefined) throw new EnvelopeError("not a recipient");
    const key = sodium.crypto_box_seal_open(b64uDecode(sealed), boxPk, boxSk);
    const nonce = b64uDecode(env.header.nonce);
    const plain = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, env.ciphertext, env.headerBytes, nonce, key);
    key.fill(0);
    const payload = JSON.parse(utf8Decode(plain));
    if (!isObject(payload)) throw new EnvelopeError("payload is not an object");
    return { header: env.header, payload };
  } catch (err) {
    if (err instanceof EnvelopeError) throw err;
    throw new EnvelopeError("the envelope does not open", { cause: err });
  }
}
