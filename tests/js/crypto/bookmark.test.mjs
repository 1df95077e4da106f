import assert from "node:assert/strict";
import { test } from "node:test";
import { Bookmark, BOOKMARK_MAX_PADDED, openBookmark, sealBookmark } from "../../../static/js/crypto/bookmark.js";
import { b64uDecode } from "../../../static/js/crypto/encoding.js";
import { EnvelopeError } from "../../../static/js/crypto/errors.js";
import { getSodium, ready } from "../../../static/js/crypto/sodium.js";

await ready();
const ada = getSodium().crypto_box_keypair().privateKey;
const bob = getSodium().crypto_box_keypair().privateKey;
const where = { memberId: "m_ada", caseId: "c_1" };

test("a bookmark opens for its member and case, with the member's own key", () => {
  const sealed = sealBookmark(new Bookmark("Pay dispute, team B", 7), { boxSk: ada, ...where });
  const back = openBookmark(sealed, { boxSk: ada, ...where });
  assert.deepEqual([back.label, back.read], ["Pay dispute, team B", 7]);
  assert.throws(() => openBookmark(sealed, { boxSk: bob, ...where }), EnvelopeError);
  assert.throws(() => openBookmark(sealed, { boxSk: ada, ...where, caseId: "c_2" }), EnvelopeError);
  assert.throws(() => openBookmark(sealed, { boxSk: ada, ...where, memberId: "m_bob" }), EnvelopeError);
});

test("a bookmark's size does not tell its label's length", () => {
  const size = (label) => b64uDecode(sealBookmark(new Bookmark(label, 1), { boxSk: ada, ...where }).ciphertext).length;
  assert.equal(size(""), size("A much longer label about a case, still well under the limit"));
  assert.ok(size("é".repeat(200)) - 16 <= BOOKMARK_MAX_PADDED);
});

test("a label over 400 bytes or a read that is no seq is refused before sealing", () => {
  assert.throws(() => new Bookmark("é".repeat(201), 0), RangeError);
  assert.throws(() => new Bookmark("", -1), RangeError);
  assert.throws(() => new Bookmark("", 1.5), RangeError);
});

test("anything but {nonce, ciphertext} is refused as one EnvelopeError", () => {
  for (const bad of [null, [], {}, { nonce: "AA", ciphertext: "AA" }, { nonce: "x", ciphertext: "y", extra: 1 }]) {
    assert.throws(() => openBookmark(bad, { boxSk: ada, ...where }), EnvelopeError);
  }
});
