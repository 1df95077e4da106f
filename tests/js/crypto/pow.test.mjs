import assert from "node:assert/strict";
import { test } from "node:test";
import { ParameterError } from "../../../static/js/crypto/errors.js";
import { leadingZeroBits, powDigest, powOk, solvePow, solvePowSync } from "../../../static/js/crypto/pow.js";
import { ready } from "../../../static/js/crypto/sodium.js";

const sodium = await ready();

test("leading zero bits read the digest as a big-endian number", () => {
  assert.equal(leadingZeroBits(new Uint8Array([0x80, 0])), 0);
  assert.equal(leadingZeroBits(new Uint8Array([0, 0x01])), 15);
  assert.equal(leadingZeroBits(new Uint8Array([0, 0x10, 0xff])), 11);
  assert.equal(leadingZeroBits(new Uint8Array(4)), 32);
});

test("the synchronous solver finds the first nonce powOk accepts", () => {
  const challenge = sodium.randombytes_buf(16);
  const nonce = solvePowSync(challenge, 10);
  assert.ok(powOk(challenge, 10, nonce));
  for (let n = 0; n < nonce; n++) assert.ok(!powOk(challenge, 10, n));
  assert.ok(leadingZeroBits(powDigest(challenge, BigInt(nonce))) >= 10);
  assert.equal(solvePowSync(challenge, 10, nonce), nonce);
  assert.equal(solvePowSync(challenge, 0), 0);
});

test("powOk refuses nonces outside [0, 2^64)", () => {
  const challenge = new Uint8Array(16);
  for (const n of [-1, 1.5, 2n ** 64n, -1n, "1", 2 ** 53]) assert.equal(powOk(challenge, 0, n), false);
  assert.equal(powOk(challenge, 0, 2n ** 64n - 1n), true);
});

test("the asynchronous solver agrees, reports progress and yields", async () => {
  const challenge = sodium.randombytes_buf(16);
  const progress = [];
  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const nonce = await solvePow(challenge, 12, { chunk: 64, onProgress: (n) => progress.push(n) });
  clearInterval(timer);
  assert.equal(nonce, solvePowSync(challenge, 12));
  assert.deepEqual(progress, progress.map((_, i) => (i + 1) * 64));
  if (progress.length > 4) assert.ok(ticks > 0, "the event loop ran between chunks");
});

test("the asynchronous solver stops when aborted", async () => {
  const controller = new AbortController();
  const solving = solvePow(new Uint8Array(16), 64, { chunk: 32, signal: controller.signal, onProgress: () => controller.abort() });
  await assert.rejects(solving, { name: "AbortError" });
});

test("difficulty outside 0..64 is refused", async () => {
  for (const d of [-1, 65, 1.5, "8"]) {
    assert.throws(() => solvePowSync(new Uint8Array(16), d), ParameterError);
    await assert.rejects(solvePow(new Uint8Array(16), d), ParameterError);
  }
});
