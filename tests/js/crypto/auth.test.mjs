import assert from "node:assert/strict";
import { test } from "node:test";
import { authMessage, signChallenge, verifyChallenge } from "../../../static/js/crypto/auth.js";
import { SignatureError } from "../../../static/js/crypto/errors.js";
import { signPkFromSeed } from "../../../static/js/crypto/keys.js";
import { ready } from "../../../static/js/crypto/sodium.js";

const sodium = await ready();

test("a challenge signature verifies for its office and challenge only", () => {
  const seed = sodium.randombytes_buf(32);
  const pk = signPkFromSeed(seed);
  const challenge = sodium.randombytes_buf(32);
  const sig = signChallenge(seed, "office-1", challenge);
  verifyChallenge(pk, "office-1", challenge, sig);
  assert.throws(() => verifyChallenge(pk, "office-2", challenge, sig), SignatureError);
  assert.throws(() => verifyChallenge(pk, "office-1", sodium.randombytes_buf(32), sig), SignatureError);
  assert.throws(() => verifyChallenge(signPkFromSeed(sodium.randombytes_buf(32)), "office-1", challenge, sig), SignatureError);
  assert.throws(() => verifyChallenge(pk, "office-1", challenge, sig.slice(1)), SignatureError);
  assert.equal(authMessage("o", new Uint8Array([9])).length, "ombuds-e2e/v1/auth\0o\0".length + 1);
});
