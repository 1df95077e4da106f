import assert from "node:assert/strict";
import { test } from "node:test";
import { b64uDecode, b64uEncode, le64, tagged, toHex, utf8Decode, utf8Encode } from "../../../static/js/crypto/encoding.js";
import { DecodeError } from "../../../static/js/crypto/errors.js";
import { ready } from "../../../static/js/crypto/sodium.js";

await ready();

test("base64url round-trips every length and matches Node's encoder", () => {
  for (let n = 0; n < 70; n++) {
    const data = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
    const text = b64uEncode(data);
    assert.equal(text, Buffer.from(data).toString("base64url"));
    assert.deepEqual(b64uDecode(text), data);
  }
});

for (const text of ["AA==", "AB=", "A+B/", "A/", "AB CD", " AB", "AB\n", "ÀB", "A", "AAAAA", "AB", "AAB", "AA\u0000"]) {
  test(`strict base64url refuses ${JSON.stringify(text)}`, () => {
    assert.throws(() => b64uDecode(text), DecodeError);
  });
}

test("non-canonical trailing bits are refused, canonical ones accepted", () => {
  assert.deepEqual(b64uDecode("AA"), new Uint8Array([0]));
  assert.deepEqual(b64uDecode("_w"), new Uint8Array([0xff])); // 111111 110000: zero tail
  assert.deepEqual(b64uDecode("AAA"), new Uint8Array([0, 0]));
  assert.throws(() => b64uDecode("_x"), DecodeError); // 111111 110001: the tail is not zero
  assert.throws(() => b64uDecode("AAB"), DecodeError);
});

test("decoding refuses non-strings and checks the length when asked", () => {
  for (const value of [null, undefined, 42, ["AA"], new Uint8Array(2)]) assert.throws(() => b64uDecode(value), DecodeError);
  assert.deepEqual(b64uDecode("AAAA", 3), new Uint8Array(3));
  assert.throws(() => b64uDecode("AAAA", 2), DecodeError);
  assert.deepEqual(b64uDecode(""), new Uint8Array(0));
});

test("le64 writes little-endian and refuses what does not fit", () => {
  assert.equal(toHex(le64(1)), "0100000000000000");
  assert.equal(toHex(le64(0x0102030405)), "0504030201000000");
  assert.equal(toHex(le64(2n ** 64n - 1n)), "ffffffffffffffff");
  for (const n of [-1, 1.5, 2 ** 53, 2n ** 64n, -1n, "1"]) assert.throws(() => le64(n), RangeError);
});

test("tagged is D || tag || NUL || parts", () => {
  const out = tagged("pow", new Uint8Array([1, 2]), new Uint8Array([3]));
  assert.equal(new TextDecoder().decode(out.slice(0, 18)), "ombuds-e2e/v1/pow\0");
  assert.deepEqual(out.slice(18), new Uint8Array([1, 2, 3]));
  assert.throws(() => tagged("pöw"), TypeError);
});

test("utf8 refuses lone surrogates and invalid bytes, keeps a BOM", () => {
  assert.deepEqual(utf8Encode("É🙂"), new Uint8Array([0xc3, 0x89, 0xf0, 0x9f, 0x99, 0x82]));
  assert.throws(() => utf8Encode("a\ud800b"), DecodeError);
  assert.throws(() => utf8Decode(new Uint8Array([0xc3])), DecodeError);
  assert.equal(utf8Decode(new Uint8Array([0xef, 0xbb, 0xbf, 0x41])), "\ufeffA");
});
