import assert from "node:assert/strict";
import { test } from "node:test";
import { EnvelopeError, ParameterError } from "../../../static/js/crypto/errors.js";
import { VISITOR_FLOOR_MEM } from "../../../static/js/crypto/keys.js";
import { newBundle, passwordKeys, unwrapBundle, wrapBundle } from "../../../static/js/crypto/member.js";
import { openGrant, sealGrant } from "../../../static/js/crypto/office.js";
import { ready } from "../../../static/js/crypto/sodium.js";

const sodium = await ready();
const LIGHT = { ops: 2, mem: VISITOR_FLOOR_MEM }; // below the member floor: tests only

test("passwordKeys refuses parameters below the member floor unless told otherwise", () => {
  assert.throws(() => passwordKeys("pw", new Uint8Array(16), LIGHT), ParameterError);
  assert.throws(() => passwordKeys("pw", new Uint8Array(15), LIGHT, { enforceFloor: false }), ParameterError);
});

test("a wrapped bundle unwraps with the same password and member id only", () => {
  const salt = sodium.randombytes_buf(16);
  const keys = passwordKeys("Pässwörd—ombuds", salt, LIGHT, { enforceFloor: false });
  const nfkcTwin = passwordKeys("Pa\u0308sswo\u0308rd—ombuds", salt, LIGHT, { enforceFloor: false });
  assert.deepEqual(keys, nfkcTwin);
  const bundle = newBundle();
  const wrapped = wrapBundle(bundle, keys.wrappingKey, "m_1");
  assert.deepEqual(Object.keys(wrapped), ["nonce", "ciphertext"]);
  const back = unwrapBundle(wrapped, keys.wrappingKey, "m_1");
  assert.deepEqual(back.signSeed, bundle.signSeed);
  assert.deepEqual(back.boxPk, bundle.boxPk);
  assert.throws(() => unwrapBundle(wrapped, keys.wrappingKey, "m_2"), EnvelopeError);
  assert.throws(() => unwrapBundle(wrapped, sodium.randombytes_buf(32), "m_1"), EnvelopeError);
  assert.throws(() => unwrapBundle({ nonce: wrapped.nonce }, keys.wrappingKey, "m_1"), EnvelopeError);
  assert.throws(() => unwrapBundle(null, keys.wrappingKey, "m_1"), EnvelopeError);
});

test("an office grant opens for its member only", () => {
  const office = sodium.crypto_box_keypair();
  const member = newBundle();
  const grant = sealGrant(office.privateKey, member.boxPk);
  assert.deepEqual(openGrant(grant, member.boxPk, member.boxSk), office.privateKey);
  const other = newBundle();
  assert.throws(() => openGrant(grant, other.boxPk, other.boxSk), EnvelopeError);
  assert.throws(() => openGrant(`${grant}=`, member.boxPk, member.boxSk), EnvelopeError);
  assert.throws(() => openGrant(sealGrant(new Uint8Array(31), member.boxPk), member.boxPk, member.boxSk), EnvelopeError);
});
