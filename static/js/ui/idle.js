// Session hygiene for both apps: a page left alone signs itself out (keys and every opened item
// wiped, as on "Sign out"), and a page being left forgets everything before the browser can
// keep a snapshot of it in its back/forward cache; one restored from there anyway reloads.

export const DEFAULT_IDLE_MINUTES = 30;
const ACTIVITY = ["pointerdown", "pointermove", "keydown", "wheel", "touchstart", "scroll"];
const MINUTE_MS = 60_000;

/** The idle limit the office sets (GET /office → limits.session_idle_minutes), in minutes. */
export function idleMinutes(office) {
  const minutes = office?.limits?.session_idle_minutes;
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
    document.addEventListener("visibilitychange", this.check);
    this.arm(this.limitMs);
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    for (const type of ACTIVITY) removeEventListener(type, this.active, { capture: true });
    document.removeEventListener("visibilitychange", this.check);
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

/**
 * forget() (synchronous: wipe keys, items and drafts, revoke the session) runs when the page is
 * left, so no snapshot of it holds anything; a page the back/forward cache brings back anyway
 * is wiped again and reloaded from the server, which serves it fresh (no-store).
 */
export function forgetOnLeave(forget) {
  addEventListener("pagehide", () => forget());
  addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    forget();
    location.reload();
  });
}
