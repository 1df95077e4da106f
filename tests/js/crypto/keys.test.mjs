import assert from "node:assert/strict";
import { test } from "node:test";
import { b64uEncode } from "../../../static/js/crypto/encoding.js";
import { ParameterError } from "../../../static/js/crypto/errors.js";
import {
  fingerprint,
  keysFromSeed,
  kid,
  normalizeCodename,
  VISITOR_FLOOR_MEM,
  VISITOR_FLOOR_OPS,
  visitorKeys,
  visitorSalt,
} from "../../../static/js/crypto/keys.js";
import { ready } from "../../../static/js/crypto/sodium.js";

const sodium = await ready();
const FLOOR = { ops: VISITOR_FLOOR_OPS, mem: VISITOR_FLOOR_MEM };

test("codenames normalise like Python: NFKC, lowercase, Python's white space", () => {
  assert.equal(normalizeCodename("  EMBER\t GRANITE\n"), "ember granite");
  assert.equal(normalizeCodename("meａdow\u3000ISLAND"), "meadow island");
  assert.equal(normalizeCodename("a\x1cb\x85c\u2028d"), "a b c d"); // str.split() splits on these
  assert.equal(normalizeCodename("a\ufeffb"), "a\ufeffb"); // and not on this one
  assert.equal(normalizeCodename("ΟΔΟΣ"), "οδος");
  assert.equal(normalizeCodename(" \n "), "");
});

test("visitor keys refuse parameters below the floor before any hashing", () => {
  for (const kdf of [{ ops: 1, mem: VISITOR_FLOOR_MEM }, { ops: 2, mem: VISITOR_FLOOR_MEM - 1 }, { ops: "3", mem: 1 << 26 }, null]) {
    assert.throws(() => visitorKeys("a b c d e f g h", "office", kdf), ParameterError);
  }
});

test("visitor keys are deterministic, depend on office and codename, ignore spacing", () => {
  const a = visitorKeys("alpha bravo charlie delta echo foxtrot golf hotel", "office-1", FLOOR);
  const b = visitorKeys(" ALPHA  bravo charlie delta echo foxtrot golf hotel\n", "office-1", FLOOR);
  const c = visitorKeys("alpha bravo charlie delta echo foxtrot golf hotel", "office-2", FLOOR);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.signPk, c.signPk);
  assert.deepEqual(sodium.crypto_scalarmult_base(a.boxSk), a.boxPk);
  assert.equal(visitorSalt("office-1").length, 16);
});

test("keys from a seed: Ed25519 from the first half, X25519 from the second", () => {
  const seed = sodium.randombytes_buf(64);
  const keys = keysFromSeed(seed);
  assert.deepEqual(keys.signSeed, seed.slice(0, 32));
  assert.deepEqual(keys.signPk, sodium.crypto_sign_seed_keypair(seed.slice(0, 32)).publicKey);
  assert.deepEqual(keys.boxPk, sodium.crypto_box_seed_keypair(seed.slice(32)).publicKey);
  assert.throws(() => keysFromSeed(seed.slice(1)), ParameterError);
});

test("kid and fingerprint have the spec's shapes", () => {
  const pk = sodium.randombytes_buf(32);
  assert.equal(kid(pk), b64uEncode(sodium.crypto_generichash(16, pk, null)));
  assert.match(fingerprint(pk), /^[0-9A-F]{4}( [0-9A-F]{4}){7}$/);
});
