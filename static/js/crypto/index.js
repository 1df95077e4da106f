// The protocol for pages: `import * as proto from "/static/js/crypto/index.js"`, then
// `await proto.ready()` once; every other function is synchronous after that (see sodium.js).
// Key derivation and proof of work belong off the main thread: use the work.js functions.

export { ready, getSodium } from "./sodium.js";
export * from "./errors.js";
export {
  DOMAIN,
  DOMAIN_TEXT,
  b64uEncode,
  b64uDecode,
  le64,
  h16,
  h32,
  tagged,
  utf8Encode,
  utf8Decode,
  concatBytes,
  bytesEqual,
  toHex,
} from "./encoding.js";
export * from "./keys.js";
export * from "./member.js";
export * from "./office.js";
export * from "./viewcode.js";
export * from "./auth.js";
export * from "./pow.js";
export * from "./envelope.js";
export { deriveVisitorKeys, derivePasswordKeys, solvePowInWorker } from "./work.js";
