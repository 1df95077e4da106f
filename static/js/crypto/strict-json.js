// A strict JSON parser for envelope headers (the Python side's json.loads with a hook that
// refuses duplicate keys). JSON.parse cannot serve: it keeps the last of two equal keys and
// cannot tell the integer 1 from 1.0, which Python reads as a float and the header check refuses.
//
// RFC 8259 grammar only: no NaN or Infinity (Python would read those; no sender writes them).
// Keys are stored as own properties, so "__proto__" is a key like any other.

import { DecodeError } from "./errors.js";

const MAX_DEPTH = 512; // far beyond any header; keeps a hostile one from exhausting the stack
const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const PLAIN_CHARS = /[^"\\\x00-\x1f]*/y;
const HEX4 = /^[0-9a-fA-F]{4}$/;
const ESCAPES = { '"': '"', "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" };
const LITERALS = [
  ["true", true],
  ["false", false],
  ["null", null],
];

// The keys of each parsed object whose value was written as an integer literal.
const integerKeys = new WeakMap();

/** True if `obj[key]` was written as an integer (no fraction, no exponent) and is a safe integer. */
export function isIntegerMember(obj, key) {
  return Object.hasOwn(obj, key) && Number.isSafeInteger(obj[key]) && (integerKeys.get(obj)?.has(key) ?? false);
}

/** Parse `text`; anything that is not strict JSON, or repeats a key in an object, is a DecodeError. */
export function parseJson(text) {
  const parser = new Parser(text);
  parser.skipWhitespace();
  const { value } = parser.value(0);
  parser.skipWhitespace();
  if (parser.at !== text.length) parser.fail("trailing characters");
  return value;
}

class Parser {
  constructor(text) {
    this.text = text;
    this.at = 0;
  }

  fail(what) {
    throw new DecodeError(`header is not strict JSON: ${what} at ${this.at}`);
  }

  skipWhitespace() {
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.test(this.text);
    this.at = WHITESPACE.lastIndex;
  }

  expect(char) {
    if (this.text[this.at] !== char) this.fail(`expected ${char}`);
    this.at++;
  }

  // Returns { value, integer }: `integer` tells an integer literal from any other number.
  value(depth) {
    if (depth > MAX_DEPTH) this.fail("nesting too deep");
    const c = this.text[this.at];
    if (c === "{") return { value: this.object(depth + 1), integer: false };
    if (c === "[") return { value: this.array(depth + 1), integer: false };
    if (c === '"') return { value: this.string(), integer: false };
    if (c === "-" || (c >= "0" && c <= "9")) return this.number();
    for (const [word, literal] of LITERALS) {
      if (this.text.startsWith(word, this.at)) {
        this.at += word.length;
        return { value: literal, integer: false };
      }
    }
    return this.fail("unexpected character");
  }

  object(depth) {
    const obj = {};
    const ints = new Set();
    this.expect("{");
    this.skipWhitespace();
    if (this.text[this.at] === "}") {
      this.at++;
      return obj;
    }
    for (;;) {
      this.skipWhitespace();
      if (this.text[this.at] !== '"') this.fail("expected a key");
      const key = this.string();
      if (Object.hasOwn(obj, key)) throw new DecodeError("duplicate key in header");
      this.skipWhitespace();
      this.expect(":");
      this.skipWhitespace();
      const { value, integer } = this.value(depth);
      Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
      if (integer) ints.add(key);
      this.skipWhitespace();
      if (this.text[this.at] === "}") break;
      this.expect(",");
    }
    this.at++;
    integerKeys.set(obj, ints);
    return obj;
  }

  array(depth) {
    const out = [];
    this.expect("[");
    this.skipWhitespace();
    if (this.text[this.at] === "]") {
      this.at++;
      return out;
    }
    for (;;) {
      this.skipWhitespace();
      out.push(this.value(depth).value);
      this.skipWhitespace();
      if (this.text[this.at] === "]") break;
      this.expect(",");
    }
    this.at++;
    return out;
  }

  string() {
    this.expect('"');
    let out = "";
    for (;;) {
      PLAIN_CHARS.lastIndex = this.at;
      PLAIN_CHARS.test(this.text);
      out += this.text.slice(this.at, PLAIN_CHARS.lastIndex);
      this.at = PLAIN_CHARS.lastIndex;
      const c = this.text[this.at];
      if (c === '"') {
        this.at++;
        return out;
      }
      if (c !== "\\") this.fail(c === undefined ? "unterminated string" : "control character in string");
      const e = this.text[this.at + 1];
      if (e === "u") {
        const hex = this.text.slice(this.at + 2, this.at + 6);
        if (!HEX4.test(hex)) this.fail("bad \\u escape");
        out += String.fromCharCode(parseInt(hex, 16));
        this.at += 6;
      } else if (Object.hasOwn(ESCAPES, e)) {
        out += ESCAPES[e];
        this.at += 2;
      } else {
        this.fail("bad escape");
      }
    }
  }

  number() {
    NUMBER.lastIndex = this.at;
    const m = NUMBER.exec(this.text);
    if (m === null) this.fail("bad number");
    this.at = NUMBER.lastIndex;
    return { value: Number(m[0]), integer: m[1] === undefined && m[2] === undefined };
  }
}
