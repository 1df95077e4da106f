// Remaining lifetimes on the page: one timer for the whole page (not one per item) that updates
// every "expires in …" on the second of the server's clock, and hands each item that reaches its
// expiry to `onExpired(id)` the moment it does, so the page removes it without a reload.
// showLifetime() adds to an item element what its reader needs to know of its lifetime.

import { serverNow } from "../models/clock.js";
import { h } from "./dom.js";
import { remainingText } from "../models/lifetime.js";

const MIN_DELAY_MS = 20;

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });

export class Countdown {
  /** onExpired(id) is called once per tracked item, when its expiry (server time) has come. */
  constructor(onExpired) {
    this.onExpired = onExpired;
    this.items = new Map(); // id → {expiresAt (Unix seconds), el (where the remaining time is written)}
    this.timer = null;
  }

  track(id, expiresAt, el) {
    this.items.set(id, { expiresAt, el });
    this.tick();
  }

  untrack(id) {
    this.items.delete(id);
    if (this.items.size === 0) this.stop();
  }

  clear() {
    this.items.clear();
    this.stop();
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
  }

  tick() {
    this.stop();
    const now = serverNow();
    const due = [];
    let soonest = Infinity;
    for (const [id, { expiresAt, el }] of this.items) {
      const left = expiresAt - now;
      if (left <= 0) {
        due.push(id);
        continue;
      }
      const text = `expires in ${remainingText(left)}`;
      if (el.textContent !== text) el.textContent = text;
      soonest = Math.min(soonest, left);
    }
    for (const id of due) {
      this.items.delete(id);
      try {
        this.onExpired(id);
      } catch (err) {
        console.error(err);
      }
    }
    if (this.items.size === 0) return;
    // Next: the server clock's next whole second (when the texts change), or the soonest expiry.
    const delay = Math.min(1 - (now % 1), soonest) * 1000;
    this.timer = setTimeout(() => this.tick(), Math.max(Math.ceil(delay), MIN_DELAY_MS));
  }
}

/**
 * Adds the lifetime notes to `li`, the element of a thread entry: a countdown (tracked by
 * `countdown`) when it expires, and what "view once" means for this reader.
 */
export function showLifetime(li, entry, countdown) {
  li.dataset.kind = entry.kind ?? "";
  if (entry.failed) return;
  const meta = li.querySelector(".meta") ?? li;
  if (entry.viewOnce) {
    meta.append(" · ", h("span", { class: "view-once-tag" }, "View once"));
  }
  if (Number.isSafeInteger(entry.expiresAt)) {
    const when = new Date(entry.expiresAt * 1000);
    const el = h("time", {
      class: "expiry",
      "data-testid": "item-expiry",
      datetime: when.toISOString(),
      title: `Destroyed at ${dateTime.format(when)}`,
    });
    meta.append(" · ", el);
    countdown.track(entry.id, entry.expiresAt, el);
  }
  if (entry.viewOnce && !entry.held && !entry.spent) {
    // Only the other side spends it: its sender and the sender's colleagues can look at it again.
    const text = entry.ours
      ? "View once: it is destroyed on the server as soon as it has been opened on the other side."
      : "View once: it was shown to you this once and is now gone from the server. When you leave or sign out, it is gone for good.";
    li.append(h("p", { class: "view-once", "data-testid": "item-view-once" }, text));
  }
}
