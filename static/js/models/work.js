// The protocol's worker client (crypto/work.js), set up for this portal's Trusted Types policy:
// one worker per job, terminated after its answer, so no key outlives it.

import { derivePasswordKeys, deriveVisitorKeys, solvePowInWorker, useWorkerUrl } from "../crypto/work.js";
import { trustedScriptUrl } from "./trusted.js";

useWorkerUrl(trustedScriptUrl);

export { derivePasswordKeys, deriveVisitorKeys };

/** The nonce that solves the challenge; onProgress(n) hears how many nonces were tried so far. */
export function solvePow(challenge, difficulty, onProgress) {
  return solvePowInWorker(challenge, difficulty, onProgress);
}

/** Runs `job` and returns [its result, milliseconds it took], for progress feedback. */
export async function timed(job) {
  const started = performance.now();
  const result = await job();
  return [result, Math.round(performance.now() - started)];
}
