// The secure viewer: one opened item, shown the same way to visitors and to members. Its text
// carries the view's code twice over: visibly, in a watermark tiled over it (watermark.js), and
// invisibly, in zero-width characters a copied passage keeps (fingerprint.js). Unless its sender
// let the reader keep a copy, the text cannot be selected, copied, dragged, printed or saved
// from the page (the guards below and app.css); otherwise "Save a copy" and "Print" keep it
// watermarked. The text lives in this object and its DOM only, and close() drops both.
// docs/confidentiality.md says what this deters and what it cannot stop.

import { busy, clear, formatTime, h, timeElement } from "./dom.js";
import { encode } from "../models/fingerprint.js";
import { watermarkLayer } from "./watermark.js";

// A refused item is a warning, not an error message: someone may be tampering with the portal.
const FAILED_TEXT =
  "This item could not be verified as sent by the visitor or by a member of the office's signed key log, so it is not shown. Someone may have tampered with the portal: tell the office another way.";
const REPLAYED_TEXT =
  "This item was to be shown only once, and it has been: the portal offered it again, which it should never do. It is not shown.";
const LOCKED_NOTE = "Read it here only: its sender did not allow copies, printing or saving.";
const KEEP_NOTE = "Its sender lets you keep a copy; a copy still carries this view's code.";
const PRINT_NOTICE = "Not printed: the sender of this message did not allow copies.";
const NO_COPY = "Copying is turned off for this message: its sender did not allow copies.";
const NO_SAVE = "Saving the page is turned off. Use \"Save a copy\" on a message whose sender allows it.";
const NO_PRINT = "Printing is turned off while a message that may not be copied is shown. Use \"Print\" on a message whose sender allows it.";
const NOT_OPENED = "Not opened on the other side yet.";
const CODE_QUESTION = "What is this code?";
const CODE_ANSWER =
  "Each opening of a message gets its own code, shown faintly across the text and hidden inside it. If a copy of this text ever circulates, the code in it tells the office which opening it came from.";
// View-once items not opened yet, and the record of those read once (by which side, on which day).
const HELD_TEXT =
  "This message can be read only once: when you open it, it is shown this one time and then destroyed, and you cannot open it again. Open it when you are ready to read it.";
const OPEN_ONCE = "Open it now";
const READ_BY_ME = { visitor: "You read this message once, on ", office: "Read once by the office on " };
const READ_BY = { visitor: "Read once by the visitor on ", office: "Read once by the office on " };
const SPENT_TEXT = "; its content is destroyed.";
const URL_LIFETIME_MS = 60_000; // a download's blob: URL is revoked after this long
const PRINTING = "printing-one";

export class Viewer {
  /**
   * entry: a Thread entry ({id, label, text, mine, ours, keep, failed, view: {code, opened_at} or
   * null, sentAt, receivedAt}, or a record without text: {held} or {spent, spentAt, readBy,
   * side}); reader: who reads, for the watermark ("Case c_…", a member's name); onOpen(): opens a
   * held view-once item, once the reader chose to.
   */
  constructor(entry, reader, onOpen = () => {}) {
    this.entry = entry;
    this.reader = reader;
    this.onOpen = onOpen;
    this.locked = !entry.failed && !entry.mine && !entry.keep && !entry.held && !entry.spent;
    this.shown = entry.failed ? (entry.replayed ? REPLAYED_TEXT : FAILED_TEXT) : entry.view ? encode(entry.text, entry.view.code) : entry.text;
    this.element = this.build();
  }

  build() {
    const { entry } = this;
    if (entry.held || entry.spent) return this.record();
    const code = entry.view?.code ?? null;
    const content = h(
      "div",
      { class: "viewer-content", "data-testid": "viewer-content" },
      h("p", { class: entry.failed ? "body refused" : "body", "data-testid": entry.failed ? "item-refused" : "item-body", role: entry.failed ? "alert" : null }, this.shown),
    );
    if (!entry.failed) {
      const at = entry.view?.opened_at ?? entry.receivedAt ?? entry.sentAt;
      content.append(watermarkLayer({ reader: this.reader, code, at }));
    }
    const foot = h("p", { class: "viewer-foot" });
    if (code) foot.append("View code ", h("code", { "data-testid": "view-code" }, code), ". ");
    if (!entry.failed && !entry.mine) foot.append(this.locked ? LOCKED_NOTE : KEEP_NOTE);
    const root = h(
      "div",
      { class: `viewer${this.locked ? " locked" : ""}`, "data-testid": "viewer", "data-view-code": code ?? "" },
      content,
      h("p", { class: "print-notice", "data-testid": "print-notice" }, PRINT_NOTICE),
      foot.childNodes.length ? foot : null,
      code ? codeHelp() : null,
    );
    if (entry.keep && !entry.mine && !entry.failed) root.append(this.keepActions());
    if (entry.viewLog && !entry.failed) {
      this.log = h("ul", { class: "view-log", "data-testid": "view-log", "aria-label": "Who opened it" });
      root.append(this.log);
    }
    return root;
  }

  /**
   * An item without text: a view-once item not opened yet, said to be readable once, with the
   * button that opens it; or the record of one read once, whose content is destroyed.
   */
  record() {
    const { entry } = this;
    if (entry.held) {
      const open = h("button", { type: "button", class: "primary", "data-testid": "view-once-open" }, OPEN_ONCE);
      open.addEventListener("click", () => busy(open, () => this.onOpen()));
      return h("div", { class: "viewer held", "data-testid": "view-once-held" }, h("p", {}, HELD_TEXT), open);
    }
    const reader = entry.readBy === entry.side ? READ_BY_ME[entry.side] : READ_BY[entry.readBy];
    const root = h(
      "div",
      { class: "viewer spent", "data-testid": "viewer" },
      h("p", { class: "body spent", "data-testid": "item-spent" }, reader, timeElement(entry.spentAt), SPENT_TEXT),
    );
    if (entry.viewLog) {
      this.log = h("ul", { class: "view-log", "data-testid": "view-log", "aria-label": "Who opened it" });
      root.append(this.log);
    }
    return root;
  }

  keepActions() {
    const save = h("button", { type: "button", "data-testid": "save-copy" }, "Save a copy");
    const print = h("button", { type: "button", "data-testid": "print-item" }, "Print");
    save.addEventListener("click", () => downloadText(`message-${this.entry.view?.code ?? this.entry.id}.txt`, this.copyText()));
    print.addEventListener("click", () => this.print());
    return h("div", { class: "actions viewer-actions" }, save, print);
  }

  /** The kept copy: a visible header naming the view, then the text with its invisible code. */
  copyText() {
    const { entry } = this;
    const sent = formatTime(entry.sentAt ?? entry.receivedAt);
    const read = entry.view ? `${this.reader}, view ${entry.view.code}, ${formatTime(entry.view.opened_at)}` : this.reader;
    return [
      "CONFIDENTIAL: kept with its sender's permission. Do not forward or share it.",
      `From: ${entry.label}, ${sent}`,
      `Read by: ${read}`,
      "",
      this.shown,
      "",
    ].join("\n");
  }

  /** What the reader wrote, as written (no code in it: their own words), or null if not theirs. */
  ownWords() {
    const { entry } = this;
    if (!entry.mine || entry.failed || entry.spent || typeof entry.text !== "string") return null;
    return `--- ${formatTime(entry.sentAt ?? entry.receivedAt)} ---\n${entry.text}\n`;
  }

  /** Prints this item alone (app.css hides the rest of the page while the class is on). */
  print() {
    const done = () => {
      document.body.classList.remove(PRINTING);
      this.element.classList.remove(PRINTING);
    };
    document.body.classList.add(PRINTING);
    this.element.classList.add(PRINTING);
    addEventListener("afterprint", done, { once: true });
    globalThis.print();
  }

  /** Shows who opened it, from Thread.views(): [{label, openedAt}]. */
  showViews(views) {
    if (!this.log) return;
    clear(this.log);
    if (views.length === 0) this.log.append(h("li", { class: "hint" }, NOT_OPENED));
    for (const v of views) {
      this.log.append(h("li", { "data-testid": "view-log-entry" }, `Opened by ${v.label} · `, timeElement(v.openedAt)));
    }
  }

  /** Empties the viewer and drops its text (strings cannot be overwritten; unreferenced, they go). */
  close() {
    clear(this.element);
    this.element.remove();
    this.entry = { id: this.entry.id };
    this.shown = null;
    this.log = null;
  }
}

/** What a view code is for, one click or key press away (a disclosure, not a hover-only tooltip). */
function codeHelp() {
  return h("details", { class: "code-help", "data-testid": "view-code-help" }, h("summary", {}, CODE_QUESTION), h("p", {}, CODE_ANSWER));
}

/** Downloads `text` as a .txt file through a blob: URL held in memory, revoked soon after. */
export function downloadText(filename, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), URL_LIFETIME_MS);
}

let guarded = false;

/**
 * Installs, once per page, the guards for items that may not be kept: no copy or cut, no context
 * menu, no drag, no Ctrl/Cmd+P while one is shown, and no Ctrl/Cmd+S (saving the page would save
 * every item) while any is. report(text) tells the person why nothing happened.
 */
export function guardViewers(report) {
  if (guarded) return;
  guarded = true;
  const refuse = (event, text) => {
    event.preventDefault();
    report(text);
  };
  const onCopy = (event) => {
    if (!touchesLocked(event)) return;
    event.clipboardData?.setData("text/plain", ""); // nothing of it, and nothing older, is pasted
    refuse(event, NO_COPY);
  };
  document.addEventListener("copy", onCopy, true);
  document.addEventListener("cut", onCopy, true);
  for (const type of ["contextmenu", "dragstart", "selectstart"]) {
    document.addEventListener(type, (event) => lockedTarget(event) && event.preventDefault(), true);
  }
  addEventListener(
    "keydown",
    (event) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === "s" && document.querySelector(".viewer")) refuse(event, NO_SAVE);
      else if (key === "p" && document.querySelector(".viewer.locked")) refuse(event, NO_PRINT);
    },
    true,
  );
}

function lockedTarget(event) {
  const target = event.target instanceof Node ? event.target : null;
  const el = target instanceof Element ? target : target?.parentElement;
  return Boolean(el?.closest(".viewer.locked"));
}

/** The event starts in a locked viewer, or the selection reaches into one. */
function touchesLocked(event) {
  if (lockedTarget(event)) return true;
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed) return false;
  return [...document.querySelectorAll(".viewer.locked .viewer-content")].some((el) => selection.containsNode(el, true));
}
