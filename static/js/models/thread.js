// A case's thread as a DOM-free model: lists what is new after a cursor, opens each item once
// (every opening is a recorded view, PROTOCOL.md section 8), and seals and posts new messages.
// What an item says lives only in this object and in the DOM that shows it.

import { ANSWER_KIND, ConsentAnswer, consentDigest, EnvelopeError, LogError, parseAnswer, parseRequest, REQUEST_KIND } from "../crypto/index.js";
import { VISITOR } from "./office.js";

const PAGE_SIZE = 100;
const UNKNOWN = "Unknown";
const GONE = 410; // destroyed or expired between listing and opening: nothing to show
const STALE_RECIPIENTS = "bad_recipients"; // sealed to an office key the server no longer takes
// What a flagged item's sealed payload says it is about: the server sees only that it is flagged.
export const FLAG = Object.freeze({ URGENT: "urgent", RETALIATION: "retaliation" });
const FLAGS = new Set(Object.values(FLAG));

export class Thread {
  /**
   * api: models/api.js; caseCrypto: the case's crypto for this side (models/case-crypto.js): its
   * caseId, seal, open, sender (who sent an item) and nameOf (who opened one), self (the caller
   * as the server names senders and viewers) and reader (who reads, for watermarks).
   * prepare() (optional) runs before each listing, e.g. to learn of a member who joined since;
   * beforeOpen(item) (optional) may throw to stop the listing before an item is opened (the
   * cursor stays). viewOnce (optional, models/pins.js's PinKeeper): the view-once items from
   * the other side this reader opened before, and where a new opening is recorded.
   * holdViewOnce: a view-once item from the other side is not opened with the rest (opening
   * spends it) but handed over as a `held` entry, opened by openHeld() once the reader chooses.
   */
  constructor({ api, caseCrypto, prepare = async () => {}, beforeOpen = () => {}, viewOnce = null, holdViewOnce = false }) {
    Object.assign(this, { api, caseCrypto, prepare, beforeOpen, viewOnce, holdViewOnce });
    this.caseId = caseCrypto.caseId;
    this.cursor = "0";
    this.seen = new Set();
    this.held = new Map(); // id → a listed view-once item not opened yet
    this.queue = Promise.resolve(); // one listing at a time, so no item is opened twice
  }

  /** Who reads, for the secure viewer's watermark ("Case c_…", a member's name). */
  get reader() {
    return this.caseCrypto.reader;
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
        if (this.seen.has(item.id) || this.held.has(item.id)) continue;
        if (item.spent_at) {
          this.seen.add(item.id); // read once already: only its record is left to show
          onEntry(this.recordOf(item, { spent: true, spentAt: item.spent_at }));
          continue;
        }
        this.beforeOpen(item);
        // (one this reader opened before is opened at once, to be shown refused as a replay)
        if (this.holdViewOnce && item.view_once && !this.isOurs(item.from) && !this.viewOnce?.openedBefore(item.id)) {
          this.held.set(item.id, item);
          onEntry(this.recordOf(item, { held: true }));
          continue;
        }
        const entry = await this.openItem(item); // on failure the cursor stays: the next listing retries
        if (entry) onEntry(entry);
      }
      this.cursor = page.cursor;
      if (page.items.length < PAGE_SIZE) return;
    }
  }

  /**
   * Opens a held view-once item (see holdViewOnce), which spends it: its entry, or null if it
   * is gone meanwhile (expired, or read once elsewhere).
   */
  openHeld(id) {
    const run = this.queue.then(async () => {
      const item = this.held.get(id);
      if (!item) return null;
      const entry = await this.openItem(item);
      this.held.delete(id);
      return entry;
    });
    this.queue = run.catch(() => {});
    return run;
  }

  /**
   * An entry for a listed item that is not opened: one read once already ({spent, spentAt}),
   * or one held until the reader chooses to open it ({held}). Who sent it is the listing's
   * word here (there is no signed header to read); there is no text.
   */
  recordOf(item, state) {
    const label = item.from === VISITOR ? this.caseCrypto.sender(this.caseCrypto.visitorSignPk).label : this.caseCrypto.nameOf(item.from);
    return {
      id: item.id,
      kind: item.kind,
      receivedAt: item.received_at,
      expiresAt: item.expires_at,
      from: item.from,
      ours: this.isOurs(item.from),
      viewLog: !state.held && this.keepsViewLog(item.from),
      viewOnce: true,
      flagged: item.flagged === true,
      flag: null, // (not opened: why it is flagged is sealed)
      label,
      mine: item.from === this.caseCrypto.self,
      readBy: item.from === VISITOR ? "office" : "visitor", // the other side spends it
      side: this.caseCrypto.self === VISITOR ? "visitor" : "office", // the reader's
      view: null,
      text: "",
      ...state,
    };
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
      receivedAt: item.received_at,
      expiresAt: item.expires_at,
      from: item.from,
      ours: this.isOurs(item.from),
      viewLog: this.keepsViewLog(item.from),
      view: opened.view ?? null, // {view_id, code, opened_at}: this opening, for its watermark
      flagged: item.flagged === true, // the server's word: flagged by the visitor
      flag: null,
    };
    let header, payload, consent;
    try {
      ({ header, payload } = this.caseCrypto.open(opened.envelope));
      consent = consentOf(header, payload, opened.envelope, this.caseCrypto.visitorSignPk);
      if (!consent && typeof payload.body !== "string") throw new EnvelopeError("no text");
      await this.caseCrypto.checkLogSeen(header);
    } catch (err) {
      if (!(err instanceof EnvelopeError || err instanceof LogError)) throw err;
      // Shown as a refused item rather than dropped, so that tampering is visible.
      return { ...base, kind: item.kind, viewOnce: false, label: UNKNOWN, mine: false, failed: true, text: "" };
    }
    // What the item is, and whether it is shown once, as its sender signed it (not as listed): an
    // item listed under another id than the one signed is not what it claims to be.
    if (header.id !== item.id) return { ...base, kind: item.kind, viewOnce: false, label: UNKNOWN, mine: false, failed: true, text: "" };
    const signed = { ...base, kind: header.kind, viewOnce: header.view_once, ...this.caseCrypto.sender(header.sender) };
    const spent = signed.viewOnce && this.caseCrypto.fromOtherSide(header);
    if (spent && this.viewOnce?.openedBefore(header.id)) return { ...signed, failed: true, replayed: true, text: "" };
    if (spent) await this.viewOnce?.opened(header.id);
    // Why it is flagged, as its sender sealed it; only the visitor's items carry a flag.
    const flag = FLAGS.has(payload.flag) && header.sender === this.caseCrypto.visitorSignPk ? payload.flag : null;
    return { ...signed, flag, sentAt: header.sent_at, keep: header.keep === true, format: payload.format, text: consent?.text ?? payload.body, consent };
  }

  /** The visitor flags an item they sent before, for the office's attention (urgent): the item as listed now. */
  async flag(id) {
    return this.api.post(`${this.path}/${encodeURIComponent(id)}/flag`);
  }

  /**
   * Seals `text` as a plain message, posts it and returns the entry to show. options (the write
   * box's choices) go to the case crypto's seal(payload, options): {kind, ttl, viewOnce, keep};
   * `flag` (the visitor only: FLAG.URGENT or FLAG.RETALIATION) flags it for the office's
   * attention: the server is told only that it is flagged, the sealed payload says why.
   */
  async send(text, options = {}) {
    const flag = FLAGS.has(options.flag) ? options.flag : null;
    return this.sendPayload(flag ? { format: "plain", body: text, flag } : { format: "plain", body: text }, options, text, flag);
  }

  /**
   * Asks the visitor for consent (docs/protocol/v2.md section 13): `request` is a
   * ConsentRequest, sealed as an item of kind consent-request, kept as long as the case.
   */
  askConsent(request) {
    return this.sendPayload(request.payload(), { kind: REQUEST_KIND }, request.body);
  }

  /** Answers request item `requestId` (its envelope `requestEnvelope`, wire form) with `decision`: accept, decline or withdraw. */
  answerConsent(requestId, requestEnvelope, decision) {
    const answer = new ConsentAnswer(requestId, consentDigest(requestEnvelope), decision);
    return this.sendPayload(answer.payload(), { kind: ANSWER_KIND }, "");
  }

  /**
   * Seals `payload`, posts it and returns the entry to show; `text` is what the entry shows;
   * `flag` (a visitor's message only) posts it flagged: the server learns that, not why.
   */
  async sendPayload(payload, options, text, flag = null) {
    const seal = () => this.caseCrypto.seal(payload, options);
    const path = flag ? `${this.path}?flag=true` : this.path;
    // Posted in the listings' queue: a listing that a live event starts meanwhile then finds the
    // id seen, rather than opening this message again and showing it twice.
    const posted = this.queue.then(async () => {
      let envelope = seal();
      let answer;
      try {
        answer = await this.api.post(path, envelope.toJSON());
      } catch (err) {
        // The office key changed since this page last read the log (a member was removed): read
        // it again (verified as ever) and seal once more, to the key it now names.
        if (err.code !== STALE_RECIPIENTS) throw err;
        await this.prepare();
        envelope = seal();
        answer = await this.api.post(path, envelope.toJSON());
      }
      this.seen.add(answer.id);
      return { envelope, answer };
    });
    this.queue = posted.catch(() => {});
    const { envelope, answer: receipt } = await posted;
    const { label, mine } = this.caseCrypto.sender(envelope.header.sender);
    return {
      id: receipt.id,
      kind: envelope.header.kind,
      receivedAt: receipt.received_at,
      expiresAt: receipt.expires_at,
      viewOnce: envelope.header.view_once,
      sentAt: envelope.header.sent_at,
      label,
      mine,
      from: this.caseCrypto.self,
      ours: true,
      viewLog: true,
      keep: envelope.header.keep === true,
      view: null, // shown from memory: not an opening
      flagged: receipt.flagged === true,
      flag,
      format: payload.format,
      text,
      consent: consentOf(envelope.header, { ...payload, pad: "" }, envelope.toJSON(), this.caseCrypto.visitorSignPk) ?? undefined,
    };
  }

  /** Sent by the caller's side: the visitor, or any member of the office. */
  isOurs(from) {
    return (from === VISITOR) === (this.caseCrypto.self === VISITOR);
  }

  /**
   * Whether the page shows who opened an item: a sender's side sees who opened what it sent, and
   * members also see which colleagues opened the visitor's items (the office accounts for its own
   * readings); a visitor is not shown the office's internal readings beyond its own items'.
   */
  keepsViewLog(from) {
    return this.isOurs(from) || this.caseCrypto.self !== VISITOR;
  }

  /** Who opened the item, apart from its sender: [{by, label, openedAt}] (GET …/views). */
  async views(entry) {
    const { items } = await this.api.get(`${this.path}/${encodeURIComponent(entry.id)}/views`);
    return items.filter((v) => v.by !== entry.from).map((v) => ({ by: v.by, label: this.caseCrypto.nameOf(v.by), openedAt: v.opened_at }));
  }
}

/**
 * What a consent item holds (docs/protocol/v2.md section 13), from its signed header's kind:
 * {request, envelope, text} for a request (its envelope as signed, for answers to bind), {answer,
 * fromVisitor (signed by the case's visitor, b64u `visitorSignPk`), text: ""} for an answer; null
 * for any other kind. A payload that is not what its kind says is refused like an envelope that
 * does not open.
 */
function consentOf(header, payload, envelope, visitorSignPk) {
  try {
    if (header.kind === REQUEST_KIND) {
      const request = parseRequest(payload);
      return { request, envelope, text: request.body };
    }
    if (header.kind === ANSWER_KIND) return { answer: parseAnswer(payload), fromVisitor: header.sender === visitorSignPk, text: "" };
  } catch (err) {
    throw new EnvelopeError("not the consent item its kind says", { cause: err });
  }
  return null;
}
