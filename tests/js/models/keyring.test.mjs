import assert from "node:assert/strict";
import { test } from "node:test";
import { b64uEncode } from "../../../static/js/crypto/encoding.js";
import { KeyVersion } from "../../../static/js/crypto/log.js";
import { newBundle } from "../../../static/js/crypto/member.js";
import { newOfficeKey, sealGrant } from "../../../static/js/crypto/office.js";
import { ready } from "../../../static/js/crypto/sodium.js";
import { Keyring } from "../../../static/js/models/keyring.js";
import { member, OfficeLog, officeKey } from "./office-fixtures.mjs";

await ready();

function grant(version, key, bundle) {
  return { version, box_pk: b64uEncode(key.boxPk), grant: sealGrant(key.boxSk, bundle.boxPk) };
}

/** A stand-in for models/api.js answering GET /office/grants, counting its calls. */
function grantsApi(items) {
  const api = { calls: 0, get: async (path) => (assert.equal(path, "/office/grants"), (api.calls += 1), { items }) };
  return api;
}

test("a member takes its grant of a new key version, and asks only when it lacks one", async () => {
  const bundle = newBundle();
  const [first, second] = [newOfficeKey(), newOfficeKey()];
  const keyring = new Keyring(bundle, [grant(1, first, bundle)]);
  const api = grantsApi([grant(1, first, bundle), grant(2, second, bundle)]);
  await keyring.update(api, 1);
  assert.equal(api.calls, 0);
  await keyring.update(api, 2);
  assert.deepEqual(keyring.current(2).pk, second.boxPk);
  assert.deepEqual(keyring.current(1).pk, first.boxPk); // old versions stay: what was sent before still opens
  await keyring.update(api, undefined); // an office without a key yet
  assert.equal(api.calls, 1);
});

test("a wiped keyring takes nothing, and holds no current key", async () => {
  const bundle = newBundle();
  const key = newOfficeKey();
  const keyring = new Keyring(bundle, []);
  assert.throws(() => keyring.current(1), (err) => /grant it to you/.test(err.userMessage));
  keyring.wipe();
  await keyring.update(grantsApi([grant(1, key, newBundle())]), 1); // (signed out while it was asked)
  assert.equal(keyring.hasOfficeKey, false);
});

test("a grant paired with another public key is refused", () => {
  const bundle = newBundle();
  const forged = { ...grant(1, newOfficeKey(), bundle), box_pk: b64uEncode(newOfficeKey().boxPk) };
  assert.throws(() => new Keyring(bundle, [forged]), /does not match its grant/);
});

test("trusting the log keeps only the key versions it names, with the public key it names", () => {
  const bundle = newBundle();
  const [k1, k2] = [officeKey(1), officeKey(2)];
  const [swapped, extra] = [officeKey(2), officeKey(3)]; // version 2 paired with another key; a version 3 of the operator's
  const log = new OfficeLog([member("m_ada", "Ada")], [k1, k2]).state;
  const keyring = new Keyring(bundle, [grant(1, k1, bundle), grant(2, swapped, bundle), grant(3, extra, bundle)]);
  const dropped = [keyring.version(2).sk, keyring.version(3).sk];
  keyring.trust(log);
  assert.deepEqual(keyring.current(1).pk, k1.boxPk);
  assert.equal(keyring.version(2), null);
  assert.equal(keyring.version(3), null);
  assert.ok(dropped.every((sk) => sk.every((byte) => byte === 0))); // overwritten, not merely let go
  assert.throws(() => keyring.current(2), (err) => /grant it to you/.test(err.userMessage));
});

test("a held key version is checked against the public key a log entry names for it", () => {
  const bundle = newBundle();
  const key = newOfficeKey();
  const keyring = new Keyring(bundle, [grant(1, key, bundle)]);
  keyring.checkKey(new KeyVersion(1, key.boxPk));
  keyring.checkKey(new KeyVersion(2, newOfficeKey().boxPk)); // a version not held: nothing to compare
  assert.throws(() => keyring.checkKey(new KeyVersion(1, newOfficeKey().boxPk)), /not the one this member holds/);
});

test("a grant that does not open leaves the member waiting, is reported once, and a new grant opens", async () => {
  const bundle = newBundle();
  const key = newOfficeKey();
  const junk = { version: 1, box_pk: b64uEncode(key.boxPk), grant: b64uEncode(crypto.getRandomValues(new Uint8Array(80))) };
  const otherMember = grant(1, key, newBundle()); // sealed to someone else's key: does not open either
  const keyring = new Keyring(bundle, [junk]);
  assert.equal(keyring.hasOfficeKey, false);
  assert.deepEqual([...keyring.unopenable], [1]);
  const posted = [];
  const api = { post: async (path, body) => posted.push([path, body]), get: async () => ({ items: [otherMember] }) };
  await keyring.reportUnopenable(api);
  await keyring.reportUnopenable(api);
  assert.deepEqual(posted, [["/office/grants/unopenable", { version: 1 }]]);
  await keyring.update(api, 1);
  assert.equal(keyring.hasOfficeKey, false);
  api.get = async () => ({ items: [grant(1, key, bundle)] }); // a colleague granted it again
  await keyring.update(api, 1);
  assert.deepEqual(keyring.current(1).pk, key.boxPk);
  assert.equal(keyring.unopenable.size, 0);
});
