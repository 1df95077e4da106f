// The page's two live regions: progress (polite, role=status) and errors (role=alert). Screen
// readers announce changes to both; the text alone says what happened, never colour.

import { byTestId } from "./dom.js";

const GENERIC_ERROR = "Something went wrong. Please try again.";

export class Status {
  constructor(root = document) {
    this.progressEl = byTestId("status", root);
    this.errorEl = byTestId("error", root);
  }

  progress(text) {
    this.errorEl.textContent = "";
    this.errorEl.hidden = true;
    this.progressEl.textContent = text;
  }

  /** An error for the person: an API error's message, or a generic one (details to the console). */
  error(err) {
    this.progressEl.textContent = "";
    const text = typeof err === "string" ? err : err?.userMessage ?? GENERIC_ERROR;
    if (typeof err !== "string" && !err?.userMessage) console.error(err);
    this.errorEl.textContent = text;
    this.errorEl.hidden = false;
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
