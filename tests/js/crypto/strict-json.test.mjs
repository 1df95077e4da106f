import assert from "node:assert/strict";
import { test } from "node:test";
import { DecodeError } from "../../../static/js/crypto/errors.js";
import { isIntegerMember, parseJson } from "../../../static/js/crypto/strict-json.js";

test("parses what JSON.parse parses, the same way", () => {
  const text = ' {"a":[1,-2.5e3,true,false,null,"x\\u00e9\\n\\"\\/\\\\"],"b":{"c":{}},"d":[], "e":"Été 🙂"} ';
  assert.deepEqual(parseJson(text), JSON.parse(text));
  assert.equal(parseJson("3"), 3);
  assert.equal(parseJson('"\\ud83d\\ude42"'), "🙂");
});

for (const text of ['{"a":1,"a":1}', '{"a":{"b":1,"b":2}}', '[{"k":1,"k":1}]']) {
  test(`refuses the duplicate key in ${text}`, () => assert.throws(() => parseJson(text), DecodeError));
}

for (const text of ["", "{", '{"a":1,}', "[1,]", "01", "1.", ".5", "NaN", "-Infinity", "'a'", '"a\tb"', '"\\x"', '"\\u12"',
  "\ufeff{}", "{} x", "tru", '{"a" 1}', "{a:1}", "\u00a0{}"]) {
  test(`refuses ${JSON.stringify(text)}`, () => assert.throws(() => parseJson(text), DecodeError));
}

test("tells integer literals from other numbers", () => {
  const obj = parseJson('{"i":1,"f":1.0,"e":1e3,"n":-7,"big":12345678901234567890,"s":"1"}');
  assert.deepEqual(["i", "f", "e", "n", "big", "s", "missing"].map((k) => isIntegerMember(obj, k)), [
    true, false, false, true, false, false, false,
  ]);
});

test("__proto__ is an own key, not a prototype", () => {
  const obj = parseJson('{"__proto__":{"polluted":1}}');
  assert.equal(Object.getPrototypeOf(obj), Object.prototype);
  assert.deepEqual(Object.keys(obj), ["__proto__"]);
  assert.equal({}.polluted, undefined);
});

test("refuses absurd nesting without exhausting the stack", () => {
  assert.throws(() => parseJson("[".repeat(100000) + "]".repeat(100000)), DecodeError);
  assert.deepEqual(parseJson("[".repeat(100) + "]".repeat(100)).length, 1);
});
