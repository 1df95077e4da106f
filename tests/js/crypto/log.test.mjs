import assert from "node:assert/strict";
import { test } from "node:test";
import { b64uDecode, b64uEncode, toHex, utf8Decode, utf8Encode } from "../../../static/js/crypto/encoding.js";
import { LogError, SignatureError } from "../../../static/js/crypto/errors.js";
import {
  addSignature,
  COMMON,
  entryHash,
  FIELDS,
  fingerprintFromLink,
  keyVersion,
  LogEntry,
  logSettings,
  makeEntry,
  memberFingerprint,
  MemberRecord,
  memberRecord,
  officeFingerprint,
  parseBody,
  parseEntry,
  shortCode,
  verifySignature,
} from "../../../static/js/crypto/log.js";
import { genesis, grownLog, newKey, person, SETTINGS, sodium, T0 } from "./log-fixtures.mjs";

const FINGERPRINT = /^([0-9A-F]{4} ){7}[0-9A-F]{4}$/;

// The entry's body text edited, its signatures kept (parsing does not check them).
function withBody(entry, edit) {
  const wire = entry.toJSON();
  return { ...wire, body: b64uEncode(utf8Encode(edit(utf8Decode(entry.bodyBytes)))) };
}

test("an entry round-trips through its wire form, bytes and all", () => {
  const { entries } = grownLog();
  for (const entry of entries) {
    const back = parseEntry(JSON.parse(JSON.stringify(entry)));
    assert.deepEqual(back.bodyBytes, entry.bodyBytes);
    assert.deepEqual(back.body, entry.body);
    assert.deepEqual(back.sigs, entry.sigs);
    assert.deepEqual(back.hash, entryHash(entry.bodyBytes));
    // Python's key order: the common fields, then the type's, as new_body writes them.
    assert.deepEqual(Object.keys(JSON.parse(utf8Decode(entry.bodyBytes))), [...COMMON, ...FIELDS[entry.type]]);
  }
  assert.deepEqual(entries.map((e) => e.seq), [0, 1, 2, 3, 4, 5]);
});

test("records, keys and settings serialise in Python's key order and parse back", () => {
  const ada = person("m_ada", "Ada 🙂");
  assert.deepEqual(Object.keys(ada.record.toJSON()), ["member_id", "display_name", "sign_pk", "box_pk"]);
  assert.deepEqual(memberRecord(ada.record.toJSON()), ada.record);
  const k = newKey(4);
  assert.equal(JSON.stringify(k), `{"version":4,"box_pk":"${b64uEncode(k.boxPk)}"}`);
  assert.deepEqual(keyVersion(k.toJSON()), k);
  assert.equal(
    JSON.stringify(SETTINGS),
    '{"visitor_kdf":{"alg":"argon2id13","ops":3,"mem":67108864},"member_kdf":{"alg":"argon2id13","ops":3,"mem":67108864},"two_signatures_to_add":false}',
  );
  assert.deepEqual(logSettings(SETTINGS.toJSON()), SETTINGS);
  assert.throws(() => memberRecord({ ...ada.record.toJSON(), extra: 1 }), LogError);
  assert.throws(() => keyVersion({ version: 0, box_pk: b64uEncode(k.boxPk) }), LogError);
  assert.throws(() => logSettings({ ...SETTINGS.toJSON(), two_signatures_to_add: 1 }), LogError);
});

test("a body is refused for a float, a repeated key, an unknown or missing field, a wrong type", () => {
  const entry = grownLog().entries[1];
  const edits = [
    (t) => t.replace('"seq":1', '"seq":1.0'),
    (t) => t.replace('"seq":1', '"seq":1e0'),
    (t) => t.replace('"at":', '"at":1.5,"x":'),
    (t) => t.replace('"seq":1', '"seq":1,"seq":1'),
    (t) => t.replace('"member_id":"m_bea"', '"member_id":"m_bea","member_id":"m_bea"'),
    (t) => t.replace('"type":', '"note":"hi","type":'),
    (t) => t.replace('"display_name":', '"note":"hi","display_name":'),
    (t) => t.replace(/,"at":\d+/, ""),
    (t) => t.replace('"seq":1', '"seq":true'),
    (t) => t.replace('"seq":1', '"seq":-1'),
    (t) => t.replace(/"at":\d+/, '"at":9007199254740992'),
    (t) => t.replace('"v":2', '"v":1'),
    (t) => t.replace('"v":2', '"v":"2"'),
    (t) => t.replace('"type":"member_added"', '"type":"member_invented"'),
    (t) => t.replace(/"prev":"[^"]+"/, '"prev":"AAAA"'),
    (t) => t.replace('"m_bea"', `"${"m".repeat(33)}"`),
    (t) => `\ufeff${t}`,
    (t) => `${t} x`,
  ];
  parseEntry(withBody(entry, (t) => t)); // unedited, it parses
  for (const edit of edits) {
    assert.throws(() => parseEntry(withBody(entry, edit)), LogError, edit.toString());
  }
});

test("names are counted in characters, as Python counts them, not UTF-16 units", () => {
  const entry = grownLog().entries[1];
  const named = (name) => parseEntry(withBody(entry, (t) => t.replace(/"display_name":"[^"]*"/, `"display_name":"${name}"`)));
  assert.equal(named("🙂".repeat(80)).body.member.display_name.length, 160);
  assert.throws(() => named("🙂".repeat(81)), LogError);
  assert.throws(() => named(""), LogError);
});

test("an entry as it travels is refused for its signatures' form", () => {
  const entry = grownLog().entries[3]; // signed by two
  const wire = entry.toJSON();
  const [one, two] = wire.sigs;
  for (const bad of [
    { ...wire, sigs: [] },
    { ...wire, sigs: [one, two, one] },
    { ...wire, sigs: [one, one] },
    { ...wire, sigs: [{ ...one, sig: b64uEncode(b64uDecode(one.sig).slice(1)) }] },
    { ...wire, sigs: [{ ...one, note: "x" }] },
    { ...wire, extra: true },
    { ...wire, body: `${wire.body}=` },
    { sigs: wire.sigs },
    null,
  ]) {
    assert.throws(() => parseEntry(bad), LogError);
  }
  assert.equal(parseEntry({ ...wire, sigs: [two] }).sigs[0].by, "m_bea");
});

test("a signature verifies under its signer's key only, and over its body only", () => {
  const ada = person("m_ada");
  const bea = person("m_bea");
  const entry = makeEntry(genesis([ada, bea], [newKey(1)]), [ada.signer]);
  verifySignature(entry.bodyBytes, entry.sigs[0], ada.record.signPk);
  assert.throws(() => verifySignature(entry.bodyBytes, entry.sigs[0], bea.record.signPk), SignatureError);
  const other = utf8Encode(utf8Decode(entry.bodyBytes).replace("Test Office", "Test 0ffice"));
  assert.throws(() => verifySignature(other, entry.sigs[0], ada.record.signPk), SignatureError);
  const both = addSignature(entry, ...bea.signer);
  assert.deepEqual(both.bodyBytes, entry.bodyBytes);
  verifySignature(both.bodyBytes, both.sigs[1], bea.record.signPk);
  assert.ok(both instanceof LogEntry && Object.isFrozen(both.sigs));
});

test("the fingerprint and short code come from the genesis hash alone", () => {
  const hash = sodium.randombytes_buf(32);
  const fp = officeFingerprint(hash);
  assert.match(fp, FINGERPRINT);
  const code = shortCode(hash);
  assert.match(code, /^\d{5} \d{5} \d{5} \d{5}$/);
  // The short code is the fingerprint's first 64 bits, in decimal: check with an independent route.
  const first64 = BigInt(`0x${fp.replaceAll(" ", "").slice(0, 16)}`);
  assert.equal(BigInt(code.replaceAll(" ", "")), first64);
  assert.notEqual(officeFingerprint(sodium.randombytes_buf(32)), fp);
  // A hash whose short code needs zero padding is still 20 digits (found by trying).
  let small = null;
  for (let i = 0; small === null && i < 5000; i++) {
    const h = sodium.randombytes_buf(32);
    if (officeFingerprint(h).startsWith("0")) small = h;
  }
  assert.ok(small !== null);
  assert.match(shortCode(small), /^0\d{4} \d{5} \d{5} \d{5}$/);
});

test("a member fingerprint changes with the id and with either key", () => {
  const p = person("m_ada");
  const r = p.record;
  const fp = memberFingerprint(r);
  assert.match(fp, FINGERPRINT);
  const other = person("m_other").record;
  for (const changed of [
    new MemberRecord("m_adb", r.displayName, r.signPk, r.boxPk),
    new MemberRecord(r.memberId, r.displayName, other.signPk, r.boxPk),
    new MemberRecord(r.memberId, r.displayName, r.signPk, other.boxPk),
  ]) {
    assert.notEqual(memberFingerprint(changed), fp);
  }
  assert.equal(memberFingerprint(new MemberRecord(r.memberId, "Renamed", r.signPk, r.boxPk)), fp);
});

test("a link's fragment gives the fingerprint, read leniently, or null", () => {
  const fp = officeFingerprint(sodium.randombytes_buf(32));
  const bare = fp.replaceAll(" ", "");
  assert.equal(fingerprintFromLink(`#fp=${bare.toLowerCase()}`), fp);
  assert.equal(fingerprintFromLink(`#lang=fr&fp=${fp.replaceAll(" ", "-")}`), fp);
  assert.equal(fingerprintFromLink(`fp=${fp.replaceAll(" ", "%20")}`), fp);
  assert.equal(fingerprintFromLink(`##fp=${fp}`), fp);
  assert.equal(fingerprintFromLink(`#fp=123&fp=${bare}`), fp); // the first fp= that is one
  assert.equal(fingerprintFromLink(`#fp=${bare.slice(1)}`), null);
  assert.equal(fingerprintFromLink(`#fp=${bare}0`), null);
  assert.equal(fingerprintFromLink(`#fp=${"G".repeat(32)}`), null);
  assert.equal(fingerprintFromLink(`#xfp=${bare}`), null);
  assert.equal(fingerprintFromLink(""), null);
});

test("makeEntry refuses to sign a body it could not parse back", () => {
  const ada = person("m_ada");
  const body = genesis([ada], [newKey(1)]);
  assert.throws(() => makeEntry({ ...body, note: "x" }, [ada.signer]), LogError);
  assert.throws(() => makeEntry({ ...body, at: T0 + 0.5 }, [ada.signer]), LogError);
  assert.equal(parseBody(makeEntry(body, [ada.signer]).bodyBytes).name, "Test Office");
});
