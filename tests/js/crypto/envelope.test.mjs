import assert from "node:assert/strict";
import { test } from "node:test";
import { b64uDecode, b64uEncode, utf8Decode, utf8Encode } from "../../../static/js/crypto/encoding.js";
import {
  encodePayload,
  isPaddedLength,
  openEnvelope,
  paddedLength,
  parseEnvelope,
  sealEnvelope,
  verifyEnvelope,
} from "../../../static/js/crypto/envelope.js";
import { DecodeError, EnvelopeError, SignatureError, VersionError } from "../../../static/js/crypto/errors.js";
import { signPkFromSeed } from "../../../static/js/crypto/keys.js";
import { ready } from "../../../static/js/crypto/sodium.js";

const sodium = await ready();
const CASE = "c_test";

function party() {
  const box = sodium.crypto_box_keypair();
  const signSeed = sodium.randombytes_buf(32);
  return { signSeed, signPk: signPkFromSeed(signSeed), boxPk: box.publicKey, boxSk: box.privateKey };
}

function seal(body = "hello", options = {}) {
  const visitor = party();
  const office = party();
  const env = sealEnvelope(
    { format: "plain", body },
    {
      caseId: CASE,
      kind: "message",
      senderSeed: visitor.signSeed,
      recipientBoxPks: [office.boxPk, visitor.boxPk],
      sentAt: Math.floor(Date.now() / 1000),
      ...options,
    },
  );
  return { wire: env.toJSON(), env, visitor, office };
}

function withHeader(wire, edit) {
  return { ...wire, header: b64uEncode(utf8Encode(edit(utf8Decode(b64uDecode(wire.header))))) };
}

test("payload padding lands on a power of two, counted in UTF-8 bytes", () => {
  for (const body of ["", "x", "x".repeat(200), "x".repeat(256), "x".repeat(1000), "x".repeat(5000), "é".repeat(120), "🙂".repeat(60)]) {
    const encoded = encodePayload({ format: "plain", body, pad: "ignored" });
    const bare = utf8Encode(JSON.stringify({ format: "plain", body, pad: "" })).length;
    assert.equal(encoded.length, paddedLength(bare), body.slice(0, 10));
    assert.ok(isPaddedLength(encoded.length));
    const decoded = JSON.parse(utf8Decode(encoded));
    assert.deepEqual(Object.keys(decoded), ["format", "body", "pad"]);
    assert.match(decoded.pad, /^ *$/);
  }
});

test("padding boundaries: 256 bytes exactly stays, one more doubles", () => {
  const overhead = utf8Encode(JSON.stringify({ body: "", pad: "" })).length;
  assert.equal(encodePayload({ body: "x".repeat(256 - overhead) }).length, 256);
  assert.equal(encodePayload({ body: "x".repeat(257 - overhead) }).length, 512);
  assert.equal(encodePayload({ body: "é".repeat(128) }).length, 512); // 256 bytes of body alone
  assert.deepEqual([255, 256, 257, 1024, 1040].map(isPaddedLength), [false, true, false, true, false]);
});

test("a sealed envelope opens for each recipient with header and payload intact", () => {
  const body = "Été — 夏 — 🙂 ".repeat(30);
  const { wire, visitor, office } = seal(body, { keep: true, viewOnce: true, ttl: 3600 });
  for (const opener of [office, visitor]) {
    const opened = openEnvelope(wire, opener.boxSk, [visitor.signPk], CASE);
    assert.equal(opened.payload.body, body);
    assert.equal(opened.header.keep, true);
    assert.equal(opened.header.view_once, true);
    assert.equal(opened.header.ttl, 3600);
  }
  assert.equal(parseEnvelope(wire).paddedSize, 1024);
});

test("the header is compact JSON in Python's key order, keep only when given", () => {
  const { wire } = seal();
  const text = utf8Decode(b64uDecode(wire.header));
  assert.match(text, /^\{"v":1,"id":"[\w-]{22}","case":"c_test","kind":"message","sender":"[\w-]{43}","sent_at":\d+,"ttl":null,"view_once":false,"nonce":"[\w-]{32}","recipients":\[\{"kid":"[\w-]{22}","key":"[\w-]{107}"\},\{.*\}\]\}$/);
  assert.ok(!text.includes('"keep"'));
  assert.ok(utf8Decode(b64uDecode(seal("x", { keep: false }).wire.header)).endsWith(',"keep":false}'));
  const id = b64uEncode(new Uint8Array(16).fill(7));
  assert.equal(seal("x", { id }).env.id, id);
});

test("opening refuses another case, an unexpected sender and a non-recipient", () => {
  const { wire, visitor, office } = seal();
  assert.throws(() => openEnvelope(wire, office.boxSk, [visitor.signPk], "c_other"), EnvelopeError);
  assert.throws(() => openEnvelope(wire, office.boxSk, [party().signPk], CASE), EnvelopeError);
  assert.throws(() => openEnvelope(wire, office.boxSk, [], CASE), EnvelopeError);
  assert.throws(() => openEnvelope(wire, party().boxSk, [visitor.signPk], CASE), EnvelopeError);
  assert.throws(() => openEnvelope(null, office.boxSk, [visitor.signPk], CASE), EnvelopeError);
});

test("opening refuses tampered ciphertext, header and signature, each as EnvelopeError", () => {
  const { wire, visitor, office } = seal();
  const flip = (text) => {
    const bytes = b64uDecode(text);
    bytes[bytes.length - 1] ^= 1;
    return b64uEncode(bytes);
  };
  const tampered = [
    { ...wire, ciphertext: flip(wire.ciphertext) },
    { ...wire, sig: flip(wire.sig) },
    { ...wire, sig: seal().wire.sig },
    withHeader(wire, (h) => `${h} `),
    withHeader(wire, (h) => h.replace('"kind":"message"', '"kind":"guidance"')),
    { ...wire, header: `${wire.header}==`.slice(0, wire.header.length + 2) },
  ];
  for (const bad of tampered) assert.throws(() => openEnvelope(bad, office.boxSk, [visitor.signPk], CASE), EnvelopeError);
});

test("verify refuses a swapped signature", () => {
  const { wire } = seal();
  assert.throws(() => verifyEnvelope(parseEnvelope({ ...wire, sig: seal().wire.sig })), SignatureError);
  verifyEnvelope(parseEnvelope(wire));
});

test("parse refuses other versions, extra parts, duplicate keys and mistyped fields", () => {
  const { wire } = seal();
  assert.throws(() => parseEnvelope(withHeader(wire, (h) => h.replace('"v":1', '"v":2'))), VersionError);
  assert.throws(() => parseEnvelope(withHeader(wire, (h) => h.replace('"v":1', '"v":1.0'))), VersionError);
  assert.throws(() => parseEnvelope(withHeader(wire, (h) => h.replace('"v":1', '"v":true'))), VersionError);
  assert.throws(() => parseEnvelope({ ...wire, extra: "x" }), DecodeError);
  assert.throws(() => parseEnvelope({ header: wire.header, sig: wire.sig }), DecodeError);
  const edits = [
    (h) => h.replace('{"v":1', '{"v":1,"v":1'),
    (h) => h.replace(/"sent_at":(\d+)/, '"sent_at":$1.0'),
    (h) => h.replace(/"sent_at":(\d+)/, '"sent_at":"$1"'),
    (h) => h.replace('"ttl":null', '"ttl":1e3'),
    (h) => h.replace('"view_once":false', '"view_once":0'),
    (h) => h.replace('"case":"c_test"', '"case":7'),
    (h) => h.replace('"recipients":[', '"recipients":[1,'),
    (h) => h.replace(/"recipients":.*\]/, '"recipients":[]'),
    (h) => h.replace(/\}$/, ',"keep":"yes"}'),
    (h) => h.replace(/"nonce":"[\w-]+"/, '"nonce":"AAAA"'),
    (h) => `[${h}]`,
  ];
  for (const edit of edits) assert.throws(() => parseEnvelope(withHeader(wire, edit)), DecodeError, edit.toString());
});

test("unknown header fields are carried, and covered by the signature", () => {
  const { wire, visitor, office } = seal();
  const extended = withHeader(wire, (h) => h.replace(/\}$/, ',"future":{"x":[1,2]}}'));
  assert.deepEqual(parseEnvelope(extended).header.future, { x: [1, 2] });
  assert.throws(() => openEnvelope(extended, office.boxSk, [visitor.signPk], CASE), EnvelopeError);
});

test("sealing refuses mistyped options", () => {
  const { visitor, office } = seal();
  const base = { caseId: CASE, kind: "message", senderSeed: visitor.signSeed, recipientBoxPks: [office.boxPk], sentAt: 1 };
  const bad = [{ sentAt: 1.5 }, { ttl: "60" }, { viewOnce: 1 }, { keep: "no" }, { recipientBoxPks: [] }, { caseId: 1 }, { id: "short" }];
  for (const edit of bad) assert.throws(() => sealEnvelope({ body: "x" }, { ...base, ...edit }), JSON.stringify(edit));
  assert.throws(() => encodePayload(["not", "an", "object"]), TypeError);
});

test("a sender may say which office log it saw, and a malformed view is refused", () => {
  const head = new Uint8Array(32).fill(7);
  const { wire } = seal("hello", { log: { length: 3, head } });
  assert.deepEqual(parseEnvelope(wire).header.log, { length: 3, head: b64uEncode(head) });
  for (const bad of ['{"length":0,"head":"' + b64uEncode(head) + '"}', '{"length":3}', '{"length":3.5,"head":"x"}', "[3]"]) {
    const header = utf8Decode(b64uDecode(wire.header)).replace(/"log":\{[^}]*\}/, `"log":${bad}`);
    assert.throws(() => parseEnvelope({ ...wire, header: b64uEncode(utf8Encode(header)) }), DecodeError, bad);
  }
});
