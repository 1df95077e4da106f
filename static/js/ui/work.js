// Key derivation and proof of work in a module worker, like crypto/work.js, but constructing the
// Worker from a TrustedScriptURL: under the portal's CSP (require-trusted-types-for 'script') a
// plain URL is refused. One worker per job, terminated after its answer, so no key outlives it.

import { ERROR_CLASSES } from "../crypto/index.js";
import { trustedScriptUrl } from "./trusted.js";

const WORKER_PATH = "../crypto/work.worker.js";

function rebuildError({ name, message }) {
  const Class = Object.hasOwn(ERROR_CLASSES, name) ? ERROR_CLASSES[name] : Error;
  const err = new Class(message);
  if (Class === Error) err.name = name;
  return err;
}

function runJob(message, onProgress) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(trustedScriptUrl(new URL(WORKER_PATH, import.meta.url).href), { type: "module" });
    worker.onmessage = ({ data }) => {
      if (Object.hasOwn(data, "progress")) {
        onProgress?.(data.progress);
        return;
      }
      worker.terminate();
      if (Object.hasOwn(data, "error")) reject(rebuildError(data.error));
      else resolve(data.result);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      worker.terminate();
      reject(new Error(`the key worker failed: ${event.message || "it could not load"}`));
    };
    worker.onmessageerror = () => {
      worker.terminate();
      reject(new Error("the key worker sent an unreadable answer"));
    };
    worker.postMessage(message);
  });
}

/** {signSeed, signPk, boxSk, boxPk} from the codename and the office's visitor_kdf. */
export function deriveVisitorKeys(codename, officeId, kdf) {
  return runJob({ op: "visitorKeys", codename, officeId, kdf: { ops: kdf.ops, mem: kdf.mem } });
}

/** {authSeed, authPk, wrappingKey} from the password, the 16-byte salt and the member_kdf. */
export function derivePasswordKeys(password, salt, kdf) {
  return runJob({ op: "passwordKeys", password, salt, kdf: { ops: kdf.ops, mem: kdf.mem } });
}

/** The nonce that solves the challenge; onProgress(n) hears how many nonces were tried so far. */
export function solvePow(challenge, difficulty, onProgress) {
  return runJob({ op: "solvePow", challenge, difficulty }, onProgress);
}

/** Runs `job` and returns [its result, milliseconds it took], for progress feedback. */
export async function timed(job) {
  const started = performance.now();
  const result = await job();
  return [result, Math.round(performance.now() - started)];
}
