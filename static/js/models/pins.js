// A pin (docs/protocol/v2.md section 5): what this visitor or member has seen of the office log,
// and the view-once items they have opened, kept on the server sealed to their own box key and
// signed by them. At each sign-in the page checks that the log extends it before anything is sent
// or shown; a log that does not, or a pin that does not open, stops the page. DOM-free.

import { checkPin, EnvelopeError, LogError, openPin, pinOf, sealPin } from "../crypto/index.js";
import { serverNow } from "./clock.js";
import { integrityError, LOG_CHANGED } from "./integrity.js";

const UNREADABLE =
  "The record this page keeps of the office's key log does not open with your keys. Someone may have tampered with the portal. Do not continue here: contact the office another way.";

/** What a check found: the pin extends, or there was none (a new case, or one older than pins). */
export const PINNED = "pinned";
export const NO_PIN = "none";

export class PinKeeper {
  /**
   * api: models/api.js; path: "/cases/{id}/pin" or "/office/pin"; caseId: the pin envelope's
   * case (the case id, or "member:" + the member id); keys: the owner's {signSeed, signPk, boxSk, boxPk}.
   */
  constructor(api, { path, caseId, keys }) {
    Object.assign(this, { api, path, caseId, keys });
    this.pin = null;
  }

  /** Reads the pin and checks the verified log (a LogState) against it; PINNED, NO_PIN, or an integrity error. */
  async check(log) {
    const stored = await this.api.get(this.path);
    if (stored.envelope === null) return NO_PIN;
    try {
      this.pin = openPin(stored.envelope, { caseId: this.caseId, signPk: this.keys.signPk, boxSk: this.keys.boxSk });
      checkPin(log, this.pin);
    } catch (err) {
      if (err instanceof EnvelopeError) throw integrityError(UNREADABLE, err);
      if (err instanceof LogError) throw integrityError(LOG_CHANGED, err);
      throw err;
    }
    return PINNED;
  }

  /** Stores a pin of the log as verified now, with the view-once ids already opened and `opened`. */
  async store(log, opened = []) {
    const pin = pinOf(log, this.pin, opened);
    // The server's clock, as well as this page knows it: the server refuses a time far from its own.
    const sentAt = Math.floor(serverNow());
    const sealed = sealPin(pin, { caseId: this.caseId, signSeed: this.keys.signSeed, boxPk: this.keys.boxPk, sentAt });
    await this.api.request("PUT", this.path, { envelope: sealed.toJSON() });
    this.pin = pin;
  }

  /** Stores a pin anew if the log has grown since the stored one (a member added or removed meanwhile). */
  async follow(log) {
    if (this.pin !== null && log.length > this.pin.length) await this.store(log);
  }

  /** True if this owner has opened the view-once item `id` before (a server serving it again is caught). */
  openedBefore(id) {
    return this.pin?.viewOnce.includes(id) ?? false;
  }
}
