import assert from "node:assert/strict";
import fs from "node:fs";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { ready } from "../../../static/js/crypto/sodium.js";
import { checkVectors, jsonEqual, VECTOR_FILES } from "../../../static/js/crypto/vectors.js";

await ready();
// The shared specification sits beside the repository (tests/paths.py: VECTORS).
const SHARED = fileURLToPath(new URL("../../../../shared/spec/vectors/", import.meta.url));
// This project's own vectors, written by `python -m crypto make-vectors`.
const OURS = fileURLToPath(new URL("../../../docs/protocol/vectors/", import.meta.url));

function readFolder(folder) {
  const files = {};
  for (const name of VECTOR_FILES) {
    if (fs.existsSync(`${folder}${name}`)) files[name] = JSON.parse(fs.readFileSync(`${folder}${name}`, "utf8"));
  }
  return files;
}

test("jsonEqual ignores key order only", () => {
  assert.ok(jsonEqual({ a: [1, { b: null }], c: "x" }, { c: "x", a: [1, { b: null }] }));
  assert.ok(!jsonEqual({ a: 1 }, { a: 1, b: undefined }));
  assert.ok(!jsonEqual([1], { 0: 1 }));
  assert.ok(!jsonEqual({ a: "1" }, { a: 1 }));
});

test("every shared vector passes", { skip: !fs.existsSync(SHARED) && "no shared/spec/vectors" }, () => {
  const results = checkVectors(readFolder(SHARED));
  assert.ok(results.length >= 23);
  assert.deepEqual(results.filter((r) => !r.ok), []);
});

test("every vector of our own passes", () => {
  const results = checkVectors(readFolder(OURS));
  assert.ok(results.length >= 1);
  assert.deepEqual(results.filter((r) => !r.ok), []);
});

test("a broken vector fails with Python's kind of detail", () => {
  const pow = { vectors: [{ challenge: "XmobGLBq4G7vuo7mt1QILw", difficulty: 8, valid_nonce: 36, invalid_nonce: 36 }] };
  assert.deepEqual(checkVectors({ "pow.json": pow }), [
    { name: "pow.json[0]", ok: false, detail: "AssertionError: valid nonce accepted" },
  ]);
});
