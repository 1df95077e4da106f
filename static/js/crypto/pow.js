// Proof of work for opening a case (PROTOCOL.md section 7). Mirrors crypto/pow.py, plus an
// asynchronous solver that works in chunks and yields between them, so a page (or a worker
// posting progress) stays responsive.

import { requireBytes, tagged, h32, le64 } from "./encoding.js";
import { ParameterError } from "./errors.js";
import { getSodium } from "./sodium.js";

export const MAX_NONCE = 2n ** 64n;
export const MAX_DIFFICULTY = 64;
const DEFAULT_CHUNK = 4096; // hashes between yields: a few milliseconds of work
const DIGEST_BYTES = 32;
const NONCE_BYTES = 8;
const TWO_32 = 2 ** 32;

export function leadingZeroBits(digest) {
  let bits = 0;
  for (const byte of requireBytes(digest, "digest")) {
    if (byte !== 0) return bits + Math.clz32(byte) - 24;
    bits += 8;
  }
  return bits;
}

function nonceInRange(nonce) {
  if (typeof nonce === "bigint") return nonce >= 0n && nonce < MAX_NONCE;
  return Number.isSafeInteger(nonce) && nonce >= 0;
}

/** H32(D || "pow\0" || challenge || LE64(nonce)); `nonce` a safe integer or a bigint. */
export function powDigest(challenge, nonce) {
  return h32(tagged("pow", requireBytes(challenge, "challenge"), le64(nonce)));
}

export function powOk(challenge, difficulty, nonce) {
  if (!nonceInRange(nonce)) return false;
  return leadingZeroBits(powDigest(challenge, nonce)) >= difficulty;
}

function checkDifficulty(difficulty) {
  if (!Number.isInteger(difficulty) || difficulty < 0 || difficulty > MAX_DIFFICULTY) {
    throw new ParameterError("difficulty out of range");
  }
}

function checkStart(start) {
  if (!Number.isSafeInteger(start) || start < 0) throw new ParameterError("start must be a non-negative safe integer");
}

// One reusable message buffer whose last 8 bytes are the nonce, rewritten in place per try.
function searcher(challenge, difficulty) {
  const sodium = getSodium();
  const message = tagged("pow", requireBytes(challenge, "challenge"), new Uint8Array(NONCE_BYTES));
  const view = new DataView(message.buffer, message.length - NONCE_BYTES);
  const fullBytes = difficulty >> 3;
  const mask = (0xff00 >> (difficulty & 7)) & 0xff; // the top bits that must be zero in the next byte
  return function tryRange(from, count) {
    for (let nonce = from; nonce < from + count; nonce++) {
      view.setUint32(0, nonce % TWO_32, true);
      view.setUint32(4, Math.floor(nonce / TWO_32), true);
      const digest = sodium.crypto_generichash(DIGEST_BYTES, message, null);
      let ok = true;
      for (let i = 0; i < fullBytes; i++) {
        if (digest[i] !== 0) {
          ok = false;
          break;
        }
      }
      if (ok && (fullBytes === DIGEST_BYTES || (digest[fullBytes] & mask) === 0)) return nonce;
    }
    return -1;
  };
}

/** The first nonce from `start` that solves the challenge; blocks until found. */
export function solvePowSync(challenge, difficulty, start = 0) {
  checkDifficulty(difficulty);
  checkStart(start);
  const tryRange = searcher(challenge, difficulty);
  for (let from = start; ; from += DEFAULT_CHUNK) {
    if (from + DEFAULT_CHUNK > Number.MAX_SAFE_INTEGER) throw new ParameterError("no solution below 2^53");
    const found = tryRange(from, DEFAULT_CHUNK);
    if (found >= 0) return found;
  }
}

const nextTurn = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * Like solvePowSync, but tries `chunk` nonces at a time and yields to the event loop between
 * chunks. `onProgress(tried)` is called after each chunk with the number of nonces tried so far;
 * an aborted `signal` rejects with its reason.
 */
export async function solvePow(challenge, difficulty, { onProgress, signal, chunk = DEFAULT_CHUNK, start = 0 } = {}) {
  checkDifficulty(difficulty);
  checkStart(start);
  if (!Number.isSafeInteger(chunk) || chunk < 1) throw new ParameterError("chunk must be a positive integer");
  const tryRange = searcher(challenge, difficulty);
  for (let from = start; ; from += chunk) {
    signal?.throwIfAborted();
    if (from + chunk > Number.MAX_SAFE_INTEGER) throw new ParameterError("no solution below 2^53");
    const found = tryRange(from, chunk);
    if (found >= 0) return found;
    onProgress?.(from + chunk - start);
    await nextTurn();
  }
}
