// The protocol for pages: `import * as proto from "/static/js/crypto/index.js"`, then
// `await proto.ready()` once; every other function is synchronous after that (see sodium.js).
// Key derivation and proof of work belong off the main thread: use the work.js functions.

export { ready, getSodium } from "./sodium.js";
export * from "./errors.js";
export {
  DOMAIN,
  DOMAIN_TEXT,
  DOMAIN_V2,
  DOMAIN_V2_TEXT,
  b64uEncode,
  b64uDecode,
  le64,
  h16,
  h32,
  tagged,
  taggedV2,
  utf8Encode,
  utf8Decode,
  concatBytes,
  bytesEqual,
  toHex,
} from "./encoding.js";
export * from "./keys.js";
export * from "./member.js";
export * from "./passkey-unlock.js";
export * from "./office.js";
export * from "./viewcode.js";
export * from "./auth.js";
export * from "./pow.js";
export * from "./envelope.js";
// The office log (docs/protocol/v2.md). Listed by name: log.js's VERSION (2) would make
// envelope.js's (1) ambiguous under `export *`, so it is LOG_VERSION here.
export {
  VERSION as LOG_VERSION,
  TYPES as LOG_TYPES,
  MAX_SIGS,
  MEMBER_ID_MAX,
  DISPLAY_NAME_MAX,
  OFFICE_NAME_MAX,
  MemberRecord,
  KeyVersion,
  LogSettings,
  Signature,
  LogEntry,
  entryHash,
  signBody,
  verifySignature,
  officeFingerprint,
  shortCode,
  memberFingerprint,
  fingerprintFromLink,
  newBody,
  genesisBody,
  makeEntry,
  addSignature,
  parseBody,
  parseEntry,
  memberRecord,
  keyVersion,
  logSettings,
} from "./log.js";
export * from "./log-state.js";
export * from "./pin.js";
export * from "./bookmark.js";
export * from "./consent.js";
export * from "./case-tags.js";
export { deriveVisitorKeys, derivePasswordKeys, solvePowInWorker } from "./work.js";
