// DOM controller for the "working" view: the slow steps (key derivation, proof of work) with a
// progress bar and, once done, how long each took, which people see and the browser test reads.

import { byTestId } from "./dom.js";

export class WorkProgress {
  constructor(root) {
    this.bar = byTestId("work-progress", root);
    this.kdf = byTestId("kdf-timing", root);
    this.pow = byTestId("pow-timing", root);
  }

  /** Resets for a new run: an indeterminate bar (Argon2id reports no progress). */
  start(withPow) {
    this.bar.removeAttribute("value");
    this.kdf.textContent = "Deriving your keys…";
    this.pow.textContent = "Waiting to solve the anti-abuse puzzle…";
    this.pow.hidden = !withPow;
  }

  keysDone(ms) {
    this.kdf.textContent = `Keys derived in ${ms} ms.`;
  }

  /** Progress of the puzzle: the chance it would be solved by now, as tries are random trials. */
  powTried(tried, difficulty) {
    const expected = 2 ** difficulty;
    this.bar.max = 1;
    this.bar.value = Math.min(0.99, 1 - Math.exp(-tried / expected));
    this.pow.textContent = `Solving the anti-abuse puzzle… (${tried.toLocaleString()} tries)`;
  }

  powDone(ms) {
    this.bar.max = 1;
    this.bar.value = 1;
    this.pow.textContent = `Anti-abuse puzzle solved in ${ms} ms.`;
  }
}
