// DOM controller for a thread: the list of items, the Refresh button and the write box.
// Every text goes in through textContent; a "markdown" body is shown as plain text for now.

import { ConsentForm } from "./consent-form.js";
import { ConsentCards } from "./consent-view.js";
import { FLAG } from "../models/thread.js";
import { Countdown, showLifetime } from "./countdown.js";
import { busy, byTestId, clear, h, timeElement } from "./dom.js";
import { downloadText, guardViewers, Viewer } from "./viewer.js";

const KIND_LABELS = { message: "", guidance: "Guidance", note: "Office note", "consent-request": "Consent request" };
const ANSWERED = { accept: "You accepted. You can withdraw your consent at any time.", decline: "You declined.", withdraw: "You withdrew your consent." };
const EMPTY_TEXT = "Nothing here yet. Write the first message below.";

export class ThreadView {
  /** root: the thread's section; status: views/status.js; onError(err) hears failures (default: shown). */
  constructor(root, status, onError = (err) => status.error(err)) {
    this.root = root;
    this.status = status;
    this.onError = onError;
    this.list = byTestId("thread-items", root);
    this.form = byTestId("write-form", root);
    this.body = byTestId("write-body", root);
    this.refreshButton = byTestId("refresh", root);
    this.thread = null;
    this.composer = null; // the write box's choices (views/write-box.js), if the page has set one
    this.countdown = new Countdown((id) => this.remove(id)); // one timer for every item that expires
    this.viewers = new Map(); // item id → its secure viewer (views/viewer.js), which holds its text
    this.consentCards = null; // the thread's consent requests (views/consent-view.js), per thread
    // The member's "Ask for consent" form, where the page has one (templates/member.html).
    this.consentForm = root.querySelector('[data-testid="consent-form"]') ? new ConsentForm(root, status, (request) => this.askConsent(request)) : null;
    this.flaggable = false; // the visitor's page: its own items can be marked urgent afterwards
    this.onShown = () => {}; // hears each entry shown (the member app's flag alerts read its flag)
    guardViewers((text) => status.progress(text));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.sendNow();
    });
    this.refreshButton.addEventListener("click", () => this.refresh());
  }

  /** Shows a new thread: empties the list, then loads every item. */
  async attach(thread) {
    this.detach();
    this.thread = thread;
    const side = thread.isOurs("visitor") ? "visitor" : "office";
    this.consentCards = new ConsentCards({ side, onAnswer: (id, envelope, decision) => this.answerConsent(id, envelope, decision) });
    this.list.append(emptyNote());
    await this.refresh();
  }

  /** Forgets the thread and removes every item and draft from the page. */
  detach() {
    this.thread = null;
    this.countdown.clear();
    this.consentCards?.clear();
    this.consentForm?.reset();
    for (const viewer of this.viewers.values()) viewer.close();
    this.viewers.clear();
    clear(this.list);
    this.body.value = "";
  }

  /** True while the write box holds words not sent yet. */
  hasDraft() {
    return this.thread !== null && this.body.value.trim() !== "";
  }

  async refresh() {
    if (!this.thread) return;
    await busy(this.refreshButton, () => this.update());
  }

  /**
   * Shows what is new, leaving the Refresh button alone: live events call this, often several at
   * once (the thread runs one listing at a time), and overlapping busy() calls on one button would
   * leave it disabled.
   */
  async update() {
    const thread = this.thread;
    if (!thread) return;
    try {
      await thread.fetchNew((entry) => thread === this.thread && this.append(entry));
      if (thread === this.thread) this.consentCards.renderAll(); // by the clock now: some may have expired
    } catch (err) {
      await this.onError(err);
    }
  }

  async sendNow() {
    const text = this.body.value;
    if (!this.thread || text.trim() === "") {
      this.status.error("Write something first.");
      this.body.focus();
      return;
    }
    await busy(this.form, async () => {
      try {
        this.status.progress("Sealing and sending…");
        const entry = await this.thread.send(text, this.composer?.options());
        this.append(entry);
        this.body.value = "";
        await this.composer?.sent();
        this.status.progress(entry.flagged ? "Sent and marked urgent: the office is alerted now." : "Sent.");
      } catch (err) {
        await this.onError(err);
      }
    });
    this.body.focus();
  }

  /** The member asks for consent: the request is sealed, sent and shown as its card. */
  async askConsent(request) {
    if (!this.thread) return;
    this.append(await this.thread.askConsent(request));
  }

  /** The visitor answers request `id` (its envelope as signed): accept, decline or withdraw. */
  async answerConsent(id, envelope, decision) {
    const thread = this.thread;
    try {
      this.status.progress("Signing and sending your answer…");
      const entry = await thread.answerConsent(id, envelope, decision);
      if (thread !== this.thread) return;
      this.append(entry);
      this.status.progress(ANSWERED[decision]);
    } catch (err) {
      await this.onError(err);
    }
  }

  /** Shows an entry at the end, or in the place of element `replacing` (a held view-once item, now open). */
  append(entry, replacing = null) {
    if (!replacing && this.itemElement(entry.id)) return; // shown already (e.g. a live listing raced a send)
    if (!this.thread) return; // signed out while it was on its way: it is not shown
    if (entry.consent?.answer && !entry.failed) {
      this.consentCards.answer(entry); // shown as the state of the request it answers
      return;
    }
    this.list.querySelector("[data-empty]")?.remove();
    const viewer = new Viewer(entry, this.thread.reader, () => this.openHeld(entry.id));
    this.viewers.set(entry.id, viewer);
    const body = entry.consent?.request && !entry.failed ? this.consentCards.card(entry, viewer.element) : viewer.element;
    const el = itemElement(entry, body);
    if (this.flaggable && canFlag(entry)) el.querySelector(".meta").append(this.flagButton(entry));
    if (replacing) replacing.replaceWith(el);
    else this.list.append(el);
    showLifetime(el, entry, this.countdown); // may remove it at once if its time is already up
    if (entry.viewLog) this.refreshViews(entry.id);
    this.onShown(entry);
  }

  /** "Mark urgent" on an item the visitor sent: flags it for the office's attention. */
  flagButton(entry) {
    const button = h("button", { type: "button", class: "flag-item", "data-testid": "item-flag" }, "Mark urgent");
    button.addEventListener("click", () =>
      busy(button, async () => {
        const thread = this.thread;
        try {
          const item = await thread.flag(entry.id);
          if (thread === this.thread && item.flagged) this.markFlagged(entry.id);
          this.status.progress("Marked urgent: the office is alerted now.");
        } catch (err) {
          await this.onError(err);
        }
      }),
    );
    return button;
  }

  /** Shows item `id` as flagged (flagged just now, here or, live, by the visitor on theirs). */
  markFlagged(id) {
    const el = this.itemElement(id);
    if (!el || el.querySelector("[data-testid=item-flagged]")) return;
    el.querySelector("[data-testid=item-flag]")?.remove();
    el.querySelector(".meta").append(" · ", flagTag({ flagged: true, flag: null }));
  }

  /** Opens a view-once item the reader chose to open (views/viewer.js told them first): it takes its placeholder's place. */
  async openHeld(id) {
    const thread = this.thread;
    try {
      const entry = await thread.openHeld(id);
      const held = this.itemElement(id);
      if (thread !== this.thread || !held) return;
      this.countdown.untrack(id);
      this.viewers.get(id)?.close();
      if (entry) this.append(entry, held);
      else this.remove(id); // gone meanwhile
    } catch (err) {
      await this.onError(err);
    }
  }

  /** Shows again who opened item `id`, if the page shows its view log (live `viewed` events call this). */
  async refreshViews(id) {
    const viewer = this.viewers.get(id);
    const thread = this.thread;
    if (!viewer?.log || !thread) return;
    try {
      const views = await thread.views(viewer.entry);
      if (this.viewers.get(id) === viewer && viewer.log) viewer.showViews(views);
    } catch (err) {
      if (err.status !== 404 && err.status !== 410) await this.onError(err); // else: gone meanwhile
    }
  }

  /** Downloads what the reader wrote in this thread, as plain text; returns how many items. */
  exportOwn(filename, heading) {
    const parts = [...this.viewers.values()].map((v) => v.ownWords()).filter(Boolean);
    downloadText(filename, [heading, "", ...parts].join("\n"));
    return parts.length;
  }

  /** Takes an item off the page (expired or destroyed); the empty note returns if it was the last. */
  remove(id) {
    this.countdown.untrack(id);
    this.viewers.get(id)?.close();
    this.viewers.delete(id);
    this.itemElement(id)?.remove();
    if (this.thread && this.list.children.length === 0) this.list.append(emptyNote());
  }

  itemElement(id) {
    return [...this.list.children].find((li) => li.dataset.itemId === id) ?? null;
  }
}

function emptyNote() {
  return h("li", { class: "empty", "data-empty": true }, EMPTY_TEXT);
}

function canFlag(entry) {
  return entry.mine && entry.from === "visitor" && !entry.flagged && !entry.failed && !entry.spent && !entry.held;
}

/** What a flagged item is shown as: a retaliation alert (its sealed payload says so) or urgent. */
function flagTag(entry) {
  const retaliation = entry.flag === FLAG.RETALIATION;
  const text = retaliation ? "Retaliation alert" : "Urgent";
  return h("strong", { class: "flag-tag", "data-testid": "item-flagged", "data-flag": retaliation ? "retaliation" : "urgent" }, text);
}

function itemElement(entry, viewer) {
  const kind = KIND_LABELS[entry.kind] ?? entry.kind;
  const flagged = entry.flagged || Boolean(entry.flag);
  const classes = ["item", entry.mine ? "mine" : "theirs", entry.failed ? "failed" : ""].join(" ").trim();
  return h(
    "li",
    { class: classes, "data-testid": "thread-item", "data-item-id": entry.id },
    h(
      "p",
      { class: "meta" },
      h("span", { class: "from", "data-testid": "item-from" }, entry.label),
      kind ? h("span", { class: "kind" }, ` · ${kind}`) : null,
      " · ",
      timeElement(entry.sentAt ?? entry.receivedAt),
      flagged ? [" · ", flagTag(entry)] : null,
    ),
    viewer,
  );
}
