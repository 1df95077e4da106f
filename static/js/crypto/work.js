// Promise-based client for work.worker.js: key derivation and proof of work off the main thread.
// Each call starts a fresh worker and terminates it once answered (or aborted), so derived keys
// stay only in the page that asked for them. Errors come back as the protocol's classes.

import { ERROR_CLASSES } from "./errors.js";

const WORKER_URL = new URL("./work.worker.js", import.meta.url);

// Under Trusted Types (the portal's CSP) a Worker needs a TrustedScriptURL, not a string; the
// page hands in the function that makes one (static/js/ui/trusted.js), once.
let wrapWorkerUrl = (url) => url;

/** Set how the worker's URL is wrapped before `new Worker`, e.g. into a TrustedScriptURL. */
export function useWorkerUrl(wrap) {
  wrapWorkerUrl = wrap;
}

function rebuildError({ name, message }) {
  const Class = Object.hasOwn(ERROR_CLASSES, name) ? ERROR_CLASSES[name] : Error;
  const err = new Class(message);
  if (Class === Error) err.name = name;
  return err;
}

function runJob(message, { onProgress, signal } = {}) {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const worker = new Worker(wrapWorkerUrl(WORKER_URL.href), { type: "module" });
    const finish = () => {
      worker.terminate();
      signal?.removeEventListener("abort", onAbort);
    };
    const onAbort = () => {
      finish();
      reject(signal.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.onmessage = ({ data }) => {
      if (Object.hasOwn(data, "progress")) {
        onProgress?.(data.progress);
        return;
      }
      finish();
      if (Object.hasOwn(data, "error")) reject(rebuildError(data.error));
      else resolve(data.result);
    };
    worker.onerror = (event) => {
      event.preventDefault?.();
      finish();
      reject(new Error(`crypto worker failed: ${event.message ?? "could not load"}`));
    };
    worker.onmessageerror = () => {
      finish();
      reject(new Error("crypto worker sent an unreadable message"));
    };
    worker.postMessage(message);
  });
}

/** {signSeed, signPk, boxSk, boxPk} from the codename; kdf is the office's visitor_kdf {ops, mem}. */
export function deriveVisitorKeys(codename, officeId, kdf, { signal } = {}) {
  return runJob({ op: "visitorKeys", codename, officeId, kdf: { ops: kdf.ops, mem: kdf.mem } }, { signal });
}

/** {authSeed, authPk, wrappingKey} from the password, the salt (Uint8Array) and the member_kdf. */
export function derivePasswordKeys(password, salt, kdf, { signal } = {}) {
  return runJob({ op: "passwordKeys", password, salt, kdf: { ops: kdf.ops, mem: kdf.mem } }, { signal });
}

/** The nonce solving the challenge; onProgress(n) hears how many nonces were tried so far. */
export function solvePowInWorker(challenge, difficulty, onProgress, { signal } = {}) {
  return runJob({ op: "solvePow", challenge, difficulty }, { onProgress, signal });
}
