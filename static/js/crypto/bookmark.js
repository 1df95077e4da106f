// Bookmarks (docs/protocol/v2.md section 10): a member's own label for a case and how far they
// have read it, kept on the server sealed under a key that only the member's own box secret key
// gives; bound to the member and the case, padded like an envelope. Mirrors crypto/bookmark.py.

import { b64uDecode, b64uEncode, concatBytes, h32, requireBytes, taggedV2, utf8Decode, utf8Encode } from "./encoding.js";
import { encodePayload, isPaddedLength, TAG_BYTES } from "./envelope.js";
import { DecodeError, EnvelopeError } from "./errors.js";
import { getSodium } from "./sodium.js";

const NONCE_BYTES = 24;
const BOX_SK_BYTES = 32;
export const LABEL_MAX_BYTES = 400; // UTF-8: the same limit in every language
export const READ_MAX = Number.MAX_SAFE_INTEGER; // 2^53 - 1
export const BOOKMARK_MAX_PADDED = 2048;
const FIELDS = ["label", "pad", "read"];

export class Bookmark {
  /** label: "" for none; read: the number in its case (the listing cursor) of the newest item of the case this member has seen. */
  constructor(label = "", read = 0) {
    if (typeof label !== "string" || utf8Encode(label).length > LABEL_MAX_BYTES) {
      throw new RangeError(`a label is at most ${LABEL_MAX_BYTES} bytes of UTF-8`);
    }
    if (!Number.isSafeInteger(read) || read < 0) throw new RangeError("read is a seq from 0 to 2^53 - 1");
    this.label = label;
    this.read = read;
    Object.freeze(this);
  }
}

export function bookmarkKey(boxSk) {
  if (requireBytes(boxSk, "boxSk").length !== BOX_SK_BYTES) throw new TypeError("a box secret key is 32 bytes");
  return h32(taggedV2("bookmark-key", boxSk));
}

export function bookmarkAd(memberId, caseId) {
  return taggedV2("bookmark", concatBytes(utf8Encode(memberId), new Uint8Array([0]), utf8Encode(caseId)));
}

/** {nonce, ciphertext}; `nonce` is drawn unless given (vectors). */
export function sealBookmark(bookmark, { boxSk, memberId, caseId, nonce = undefined }) {
  const sodium = getSodium();
  const n = nonce ?? sodium.randombytes_buf(NONCE_BYTES);
  const key = bookmarkKey(boxSk);
  const plain = encodePayload({ label: bookmark.label, read: bookmark.read });
  try {
    const sealed = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plain, bookmarkAd(memberId, caseId), null, n, key);
    return { nonce: b64uEncode(n), ciphertext: b64uEncode(sealed) };
  } finally {
    key.fill(0);
    plain.fill(0);
  }
}

function checkSealedForm(sealed) {
  if (sealed === null || typeof sealed !== "object" || Array.isArray(sealed)) throw new DecodeError("a bookmark is an object");
  const keys = Object.keys(sealed).sort();
  if (keys.length !== 2 || keys[0] !== "ciphertext" || keys[1] !== "nonce") {
    throw new DecodeError("a bookmark is an object with nonce and ciphertext");
  }
  const nonce = b64uDecode(sealed.nonce, NONCE_BYTES);
  const ciphertext = b64uDecode(sealed.ciphertext);
  const padded = ciphertext.length - TAG_BYTES;
  if (!isPaddedLength(padded) || padded > BOOKMARK_MAX_PADDED) {
    throw new DecodeError(`a bookmark's plaintext is padded to a power of two from 256 to ${BOOKMARK_MAX_PADDED}`);
  }
  return { nonce, ciphertext };
}

/**
 * The bookmark, if it opens for this member and case and is one; EnvelopeError otherwise. (Read
 * with JSON.parse, so a read written 3.0 passes here where Python refuses it; only the member
 * can seal a bookmark.)
 */
export function openBookmark(sealed, { boxSk, memberId, caseId }) {
  const key = bookmarkKey(boxSk);
  try {
    const { nonce, ciphertext } = checkSealedForm(sealed);
    const plain = getSodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, bookmarkAd(memberId, caseId), nonce, key);
    const fields = JSON.parse(utf8Decode(plain));
    if (fields === null || typeof fields !== "object" || Array.isArray(fields)) throw new DecodeError("not an object");
    if (Object.keys(fields).sort().join() !== FIELDS.join()) throw new DecodeError("a bookmark holds label, read and pad");
    if (typeof fields.label !== "string" || typeof fields.read !== "number") throw new DecodeError("label is a string and read a number");
    return new Bookmark(fields.label, fields.read);
  } catch (err) {
    throw new EnvelopeError("the bookmark does not open with your keys", { cause: err });
  } finally {
    key.fill(0);
  }
}
