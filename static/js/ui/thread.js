// A case's thread as a DOM-free model: lists what is new after a cursor, opens each item once
// (every opening is a recorded view, PROTOCOL.md section 8), and seals and posts new messages.
// What an item says lives only in this object and in the DOM that shows it.

import { EnvelopeError } from "../crypto/index.js";

const PAGE_SIZE = 100;
const GONE = 410; // destroyed or expired between listing and opening: nothing to show

export class Thread {
  /**
   * caseId; api (ui/api.js); open(envelope) → {header, payload} or throws;
   * seal(payload) → envelope; sender(b64uSignPk) → {label, mine}; prepare() (optional) runs
   * before each listing, e.g. to learn of a member who joined since; beforeOpen(item)
   * (optional) may throw to stop the listing before an item is opened (the cursor stays).
   * For the secure viewer: self, the caller as the server names senders and viewers ("visitor"
   * or a member id); reader, who reads, for watermarks; nameOf(by) → a viewer's name.
   */
  constructor({ api, caseId, open, seal, sender, prepare = async () => {}, beforeOpen = () => {}, self, reader, nameOf }) {
    Object.assign(this, { api, caseId, open, seal, sender, prepare, beforeOpen, self, reader, nameOf });
    this.cursor = "0";
    this.seen = new Set();
    this.queue = Promise.resolve(); // one listing at a time, so no item is opened twice
  }

  get path() {
    return `/cases/${encodeURIComponent(this.caseId)}/messages`;
  }

  /**
   * Opens the items received since the last call, in order of receipt, handing each to
   * `onEntry` as soon as it is open: if a later one fails, those before it are shown already.
   */
  fetchNew(onEntry) {
    const run = this.queue.then(() => this.fetchPages(onEntry));
    this.queue = run.catch(() => {});
    return run;
  }

  async fetchPages(onEntry) {
    await this.prepare();
    for (;;) {
      const page = await this.api.get(`${this.path}?after=${encodeURIComponent(this.cursor)}&limit=${PAGE_SIZE}`);
      for (const item of page.items) {
        if (this.seen.has(item.id)) continue;
        this.beforeOpen(item);
        const entry = await this.openItem(item); // on failure the cursor stays: the next listing retries
        if (entry) onEntry(entry);
      }
      this.cursor = page.cursor;
      if (page.items.length < PAGE_SIZE) return;
    }
  }

  async openItem(item) {
    let opened;
    try {
      opened = await this.api.post(`${this.path}/${encodeURIComponent(item.id)}/open`);
    } catch (err) {
      if (err.status === GONE) return null;
      throw err;
    }
    this.seen.add(item.id);
    const base = {
      id: item.id,
      kind: item.kind,
      receivedAt: item.received_at,
      expiresAt: item.expires_at,
      viewOnce: item.view_once,
      from: item.from,
      ours: this.isOurs(item.from),
      view: opened.view ?? null, // {view_id, code, opened_at}: this opening, for its watermark
    };
    try {
      const { header, payload } = this.open(opened.envelope);
      if (typeof payload.body !== "string") throw new EnvelopeError("no text");
      const keep = header.keep === true; // the sender lets the reader keep a copy
      return { ...base, ...this.sender(header.sender), sentAt: header.sent_at, keep, format: payload.format, text: payload.body };
    } catch (err) {
      if (!(err instanceof EnvelopeError)) throw err;
      // Shown as a failed item rather than dropped, so that tampering is visible.
      return { ...base, label: "Unknown", mine: false, failed: true, text: "" };
    }
  }

  /**
   * Seals `text` as a plain message, posts it and returns the entry to show. options (the write
   * box's choices) go to seal(payload, options): {kind, ttl, viewOnce, keep}.
   */
  async send(text, options = {}) {
    const envelope = this.seal({ format: "plain", body: text }, options);
    // Posted in the listings' queue: a listing that a live event starts meanwhile then finds the
    // id seen, rather than opening this message again and showing it twice.
    const posted = this.queue.then(async () => {
      const answer = await this.api.post(this.path, envelope.toJSON());
      this.seen.add(answer.id);
      return answer;
    });
    this.queue = posted.catch(() => {});
    const receipt = await posted;
    const { label, mine } = this.sender(envelope.header.sender);
    return {
      id: receipt.id,
      kind: envelope.header.kind,
      receivedAt: receipt.received_at,
      expiresAt: receipt.expires_at,
      viewOnce: envelope.header.view_once,
      sentAt: envelope.header.sent_at,
      label,
      mine,
      from: this.self,
      ours: true,
      keep: envelope.header.keep === true,
      view: null, // shown from memory: not an opening
      format: "plain",
      text,
    };
  }

  /** Sent by the caller's side: the visitor, or any member of the office. */
  isOurs(from) {
    return (from === "visitor") === (this.self === "visitor");
  }

  /** Who opened the item, apart from its sender: [{by, label, openedAt}] (GET …/views). */
  async views(entry) {
    const { items } = await this.api.get(`${this.path}/${encodeURIComponent(entry.id)}/views`);
    return items.filter((v) => v.by !== entry.from).map((v) => ({ by: v.by, label: this.nameOf(v.by), openedAt: v.opened_at }));
  }
}

/** The current time in Unix seconds, as envelopes carry it. */
export function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}
