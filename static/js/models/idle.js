// A page left alone signs itself out (signed-in.js: keys and every opened item wiped, as on
// "Sign out"). DOM-free: it listens on the window only, where the document's visibilitychange
// arrives too (the event bubbles).

export const DEFAULT_IDLE_MINUTES = 30;
const ACTIVITY = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart", "scroll"];
const MINUTE_MS = 60_000;

/** The idle limit the office sets (GET /office → limits.session_idle_minutes), in minutes. */
export function idleMinutes(limits) {
  const minutes = limits?.session_idle_minutes;
  return Number.isFinite(minutes) && minutes > 0 ? minutes : DEFAULT_IDLE_MINUTES;
}

export class IdleTimeout {
  /** onIdle() runs once the person has done nothing in the page for the limit. */
  constructor(onIdle) {
    this.onIdle = onIdle;
    this.limitMs = 0;
    this.last = 0;
    this.timer = null;
    this.active = () => {
      this.last = Date.now();
    };
    this.check = () => this.due();
  }

  /** Starts (or restarts) counting, from now. */
  start(minutes) {
    this.stop();
    this.limitMs = minutes * MINUTE_MS;
    this.last = Date.now();
    for (const type of ACTIVITY) addEventListener(type, this.active, { capture: true, passive: true });
    addEventListener("visibilitychange", this.check);
    this.arm(this.limitMs);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    for (const type of ACTIVITY) removeEventListener(type, this.active, { capture: true });
    removeEventListener("visibilitychange", this.check);
  }

  arm(ms) {
    clearTimeout(this.timer);
    this.timer = setTimeout(this.check, ms);
  }

  /** Timers sleep in background tabs: the wall clock decides, whenever this runs. */
  due() {
    if (this.timer === null) return;
    const left = this.last + this.limitMs - Date.now();
    if (left > 0) {
      this.arm(left);
      return;
    }
    this.stop();
    this.onIdle();
  }
}
