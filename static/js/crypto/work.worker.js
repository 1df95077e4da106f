// Module worker (`new Worker(url, {type: "module"})`) for the slow steps, off the page's thread:
//   {op: "visitorKeys", codename, officeId, kdf: {ops, mem}}  -> {result: {signSeed, signPk, boxSk, boxPk}}
//   {op: "passwordKeys", password, salt (Uint8Array), kdf}    -> {result: {authSeed, authPk, wrappingKey}}
//   {op: "solvePow", challenge (Uint8Array), difficulty}      -> {progress: n}..., then {result: nonce}
// A failure answers {error: {name, message}}. work.js starts one worker per job and terminates
// it after the answer, so no key outlives the job here.

import { ready } from "./sodium.js";
import { visitorKeys } from "./keys.js";
import { passwordKeys } from "./member.js";
import { solvePow } from "./pow.js";

const POW_CHUNK = 16384; // larger than on a page: nothing here needs to stay responsive

const OPS = {
  visitorKeys: (m) => visitorKeys(m.codename, m.officeId, m.kdf),
  passwordKeys: (m) => passwordKeys(m.password, m.salt, m.kdf),
  solvePow: (m) =>
    solvePow(m.challenge, m.difficulty, { chunk: POW_CHUNK, onProgress: (n) => self.postMessage({ progress: n }) }),
};

self.onmessage = async (event) => {
  const message = event.data ?? {};
  try {
    if (!Object.hasOwn(OPS, message.op)) throw new TypeError(`unknown op: ${message.op}`);
    await ready();
    self.postMessage({ result: await OPS[message.op](message) });
  } catch (err) {
    self.postMessage({ error: { name: err?.name ?? "Error", message: String(err?.message ?? err) } });
  }
};
