// Pins (docs/protocol/v2.md section 5): what an owner has seen of the office log, kept on the
// server sealed to the owner's own box key and signed by the owner, so that a later log that
// does not extend it, or a spent view-once item served again, is caught. Mirrors crypto/pin.py.

import { b64uDecode, b64uEncode } from "./encoding.js";
import { openEnvelope, sealEnvelope } from "./envelope.js";
import { EnvelopeError, LogError } from "./errors.js";

export const PIN_KIND = "pin";
export const VIEW_ONCE_KEPT = 1000; // the newest ids a pin keeps
export const MEMBER_PREFIX = "member:";
const HEAD_BYTES = 32;

export class Pin {
  constructor(length, head, fingerprint, viewOnce = []) {
    this.length = length;
    this.head = head;
    this.fingerprint = fingerprint;
    this.viewOnce = Object.freeze([...viewOnce]);
    Object.freeze(this);
  }

  toJSON() {
    return { length: this.length, head: b64uEncode(this.head), fingerprint: this.fingerprint, view_once: [...this.viewOnce] };
  }
}

/** The `case` a member's pin envelope names. */
export function memberPinCase(memberId) {
  return MEMBER_PREFIX + memberId;
}

/** A pin of the current log (a LogState), keeping the view-once ids of `previous` and adding `opened`. */
export function pinOf(state, previous = null, opened = []) {
  const ids = [...new Set([...(previous ? previous.viewOnce : []), ...opened])]; // in order, each once
  return new Pin(state.length, state.head, state.fingerprint, ids.slice(-VIEW_ONCE_KEPT));
}

/** LogError unless the log (a LogState) is the same office's and extends the pinned one. */
export function checkPin(state, pin) {
  if (pin.fingerprint !== state.fingerprint) throw new LogError("the office's fingerprint is not the one pinned");
  if (!state.extends(pin.length, pin.head)) {
    throw new LogError("the office log does not extend the one pinned: it was cut or rewritten");
  }
}

/** The pin as an envelope sealed to the owner's own box key alone, signed by the owner. */
export function sealPin(pin, { caseId, signSeed, boxPk, sentAt }) {
  const payload = { format: PIN_KIND, body: "", pin: pin.toJSON() };
  return sealEnvelope(payload, { caseId, kind: PIN_KIND, senderSeed: signSeed, recipientBoxPks: [boxPk], sentAt });
}

function own(obj, key) {
  return obj !== null && typeof obj === "object" && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * The pin, if it opens with the owner's keys and is one; EnvelopeError otherwise. (The payload
 * is read with JSON.parse, as openEnvelope reads it, so a length written 3.0 passes here where
 * Python refuses it; only the owner can sign a pin.)
 */
export function openPin(envelope, { caseId, signPk, boxSk }) {
  const opened = openEnvelope(envelope, boxSk, [signPk], caseId);
  try {
    if (opened.header.kind !== PIN_KIND || own(opened.payload, "format") !== PIN_KIND) throw new EnvelopeError("not a pin");
    const raw = own(opened.payload, "pin");
    const viewOnce = own(raw, "view_once");
    if (!Array.isArray(viewOnce) || !viewOnce.every((i) => typeof i === "string")) {
      throw new EnvelopeError("view_once must be a list of ids");
    }
    const length = own(raw, "length");
    const fingerprint = own(raw, "fingerprint");
    if (!Number.isInteger(length) || length < 1 || typeof fingerprint !== "string") {
      throw new EnvelopeError("a pin has an integer length and a fingerprint");
    }
    return new Pin(length, b64uDecode(own(raw, "head"), HEAD_BYTES), fingerprint, viewOnce);
  } catch (err) {
    if (err instanceof EnvelopeError) throw err;
    throw new EnvelopeError("not a pin", { cause: err });
  }
}
