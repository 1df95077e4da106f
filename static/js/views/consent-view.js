// Consent requests in a thread (docs/protocol/v2.md section 13), the same card on both sides:
// what may be shared (in the secure viewer, watermarked like any office item), with whom, named
// or anonymous, until when, and the state read from the visitor's signed answers. The visitor's
// card has Accept / Decline, then "Withdraw my consent"; answers are not shown as items of their own.

import { serverNow } from "../models/clock.js";
import { Consents } from "../models/consents.js";
import { busy, clear, formatTime, h } from "./dom.js";

const MAX_TIMER_MS = 3_600_000; // a long wait is cut short, so a sleeping device still catches up
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: "long" });
const day = (seconds) => dateOnly.format(new Date(seconds * 1000));

function stateText(state, at, side) {
  switch (state) {
    case "waiting":
      return side === "visitor" ? "Waiting for your answer" : "Waiting for the visitor's answer";
    case "accepted":
      return `Accepted on ${formatTime(at)}`;
    case "declined":
      return `Declined on ${formatTime(at)}`;
    case "withdrawn":
      return `Withdrawn on ${formatTime(at)}`;
    case "expired":
      return `Expired on ${day(at)}`;
    default:
      throw new Error(`no such consent state: ${state}`);
  }
}

export class ConsentCards {
  /**
   * side: "visitor" or "office" (who reads); onAnswer(requestId, requestEnvelope, decision) sends
   * the visitor's answer and returns once it is shown.
   */
  constructor({ side, onAnswer }) {
    this.side = side;
    this.onAnswer = onAnswer;
    this.consents = new Consents();
    this.cards = new Map(); // request id → {el, state, actions}
    this.timer = null;
  }

  /** The card of a request entry (models/thread.js, entry.consent.request), with `viewer` (its words). */
  card(entry, viewer) {
    const { request, envelope } = entry.consent;
    this.consents.addRequest(entry.id, request, envelope);
    const state = h("p", { class: "consent-state", "data-testid": "consent-state", role: "status" });
    const actions = h("div", { class: "actions consent-actions" });
    const el = h(
      "div",
      { class: "consent", "data-testid": "consent-card", "data-request-id": entry.id },
      h("p", { class: "consent-title" }, h("strong", {}, this.side === "visitor" ? "The office asks for your consent to share this:" : "Consent requested to share this:")),
      viewer,
      h(
        "dl",
        { class: "consent-terms" },
        h("dt", {}, "With"),
        h("dd", { "data-testid": "consent-with" }, request.withWhom),
        h("dt", {}, this.side === "visitor" ? "Your name" : "The visitor's name"),
        h("dd", { "data-testid": "consent-named" }, named(request.named, this.side)),
        h("dt", {}, "Until"),
        h("dd", { "data-testid": "consent-until" }, day(request.until)),
      ),
      state,
      actions,
    );
    this.cards.set(entry.id, { el, state, actions, envelope });
    this.render(entry.id);
    return el;
  }

  /** An answer entry (entry.consent.answer): the card of the request it binds shows the new state. */
  answer(entry) {
    const { answer, fromVisitor } = entry.consent;
    const id = this.consents.addAnswer(answer, entry.sentAt, fromVisitor);
    // Not the visitor's, or bound to other bytes than any request shown: it changes no state.
    if (id === null) console.warn("A consent answer does not bind any request shown: it is ignored.");
    else this.render(id);
  }

  /** Every card again, by the server's clock now (after each listing, and at the next expiry). */
  renderAll() {
    for (const id of this.cards.keys()) this.render(id);
  }

  render(id) {
    const card = this.cards.get(id);
    if (!card) return;
    const { state, at } = this.consents.stateOf(id, serverNow());
    card.el.dataset.state = state;
    card.state.textContent = stateText(state, at, this.side);
    clear(card.actions);
    if (this.side === "visitor") {
      if (state === "waiting") card.actions.append(this.button(id, "accept", "Accept", "primary"), this.button(id, "decline", "Decline"));
      if (state === "accepted") card.actions.append(this.button(id, "withdraw", "Withdraw my consent"));
    }
    this.schedule();
  }

  button(id, decision, label, cls = null) {
    const button = h("button", { type: "button", class: cls, "data-testid": `consent-${decision}` }, label);
    button.addEventListener("click", () => busy(this.cards.get(id).actions, () => this.onAnswer(id, this.cards.get(id).envelope, decision)));
    return button;
  }

  /** One timer for the soonest `until` still ahead: the card turns to "Expired on …" when it comes. */
  schedule() {
    clearTimeout(this.timer);
    this.timer = null;
    const now = serverNow();
    const next = this.consents.nextExpiry(now);
    if (next === null) return;
    const delay = Math.min((next - now) * 1000 + 1000, MAX_TIMER_MS);
    this.timer = setTimeout(() => this.renderAll(), Math.max(delay, 1000));
  }

  clear() {
    clearTimeout(this.timer);
    this.timer = null;
    this.cards.clear();
    this.consents.clear();
  }
}

/** Whether the visitor may be named, said to the reader (the visitor, or the office). */
function named(isNamed, side) {
  if (side === "visitor") return isNamed ? "Named: you may be named" : "Anonymous: you are not named";
  return isNamed ? "Named: the visitor may be named" : "Anonymous: the visitor is not named";
}
