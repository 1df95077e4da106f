// The page's two live regions: progress (polite, role=status) and errors (role=alert). Screen
// readers announce changes to both; the text alone says what happened, never colour. A line
// says what the last action did: the person's next action (a pointer or a key pressed after it
// was shown) makes it old news, and it goes, rather than lingering beside what came after.

import { byTestId } from "./dom.js";

const GENERIC_ERROR = "Something went wrong. Please try again.";
const NEXT_ACTIONS = ["pointerdown", "keydown"];
// Keys that move around or hold a modifier: reading on, not acting, so the line stays.
const QUIET_KEYS = new Set(["Tab", "Shift", "Control", "Alt", "Meta", "CapsLock", "Escape", "AltGraph"]);

export class Status {
  constructor(root = document) {
    this.progressEl = byTestId("status", root);
    this.errorEl = byTestId("error", root);
    this.shownAt = 0; // when the line shown was set (the events' clock: performance.now())
    for (const type of NEXT_ACTIONS) addEventListener(type, (event) => this.actedOn(event), true);
  }

  /** An action begun after the line was shown clears it; what the action then says comes after. */
  actedOn(event) {
    if (event.type === "keydown" && QUIET_KEYS.has(event.key)) return;
    if (event.timeStamp > this.shownAt) this.clear();
  }

  progress(text) {
    this.errorEl.textContent = "";
    this.errorEl.hidden = true;
    this.progressEl.textContent = text;
    this.shownAt = performance.now();
  }

  /** An error for the person: an API error's message, or a generic one (details to the console). */
  error(err) {
    this.progressEl.textContent = "";
    const text = typeof err === "string" ? err : err?.userMessage ?? GENERIC_ERROR;
    if (typeof err !== "string" && !err?.userMessage) console.error(err);
    this.errorEl.textContent = text;
    this.errorEl.hidden = false;
    this.shownAt = performance.now();
  }

  /** A message {text, error}: an error, or else progress. */
  say({ text, error }) {
    if (error) this.error(text);
    else this.progress(text);
  }

  clear() {
    this.progressEl.textContent = "";
    this.errorEl.textContent = "";
    this.errorEl.hidden = true;
  }
}
