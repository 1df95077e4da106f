// The office as this page knows it (GET /api/v1/office): its id, limits and visitor KDF, who its
// members are (names, signing keys, box keys) and its current box key. DOM-free. It is the only
// place pages learn members and office keys: the signed office log of protocol v2 changes how it
// learns them, not what it answers.

import { b64uDecode, fingerprint } from "../crypto/index.js";

export const VISITOR = "visitor"; // how the server names the visitor, as a sender or a viewer
// How both apps name people: a member by display name, the visitor as "You" on its own page.
export const FORMER_MEMBER = "Former member"; // a member id or key the office does not list
const YOU = "You";
const THE_VISITOR = { sender: "Visitor", viewer: "the visitor" }; // on a member's page: "Opened by the visitor"
const NOT_READY = "The office is not ready yet.";
const KEY_CHANGED = "The office key the portal gives out differs from the fingerprint on this page. Do not continue: tell the office another way.";
const KEY_BYTES = 32;

export class Office {
  #record = null;

  /**
   * api: models/api.js. pin (visitors): the fingerprint the page showed when it was served, or ""
   * if it showed none; a load that finds another key, or none, fails. onLoad() runs after each
   * load (a member's page takes its grant of a new key version).
   */
  constructor(api, { pin = null, onLoad = async () => {} } = {}) {
    Object.assign(this, { api, pin, onLoad });
  }

  /** Asks the server again: members join and leave, and the key changes when one is removed. */
  async load() {
    const record = await this.api.get("/office");
    if (this.pin !== null) {
      if (!record.office_key) throw Object.assign(new Error("office not ready"), { userMessage: NOT_READY });
      if (fingerprint(b64uDecode(record.office_key.box_pk, KEY_BYTES)) !== this.pin) {
        throw Object.assign(new Error("office key changed"), { userMessage: KEY_CHANGED });
      }
    }
    this.#record = record;
    await this.onLoad();
    return this;
  }

  get id() {
    return this.#record.office_id;
  }

  /** Lifetimes, idle minutes and such (GET /office → limits). */
  get limits() {
    return this.#record?.limits ?? null;
  }

  get visitorKdf() {
    return this.#record.visitor_kdf;
  }

  get covenantVersion() {
    return this.#record.covenant_version;
  }

  /** The current office key's version; undefined before the first member enrols. */
  get keyVersion() {
    return this.#record?.office_key?.version;
  }

  /** The current office box public key, as the server gives it (pinned, on a visitor's page). */
  get boxPk() {
    const key = this.#record?.office_key;
    if (!key) throw Object.assign(new Error("office not ready"), { userMessage: NOT_READY });
    return b64uDecode(key.box_pk, KEY_BYTES);
  }

  /** A member's display name by id (as the server names senders and viewers). */
  memberName(memberId) {
    return this.#members().find((m) => m.member_id === memberId)?.display_name ?? FORMER_MEMBER;
  }

  /**
   * Who sent an item, by its header's signing key (b64u), as `self` sees it ("visitor" or a
   * member id): {label, mine}. visitorSignPk: the case's visitor's key (b64u), if any.
   */
  sender(signPk, self, visitorSignPk = null) {
    if (signPk === visitorSignPk) return self === VISITOR ? { label: YOU, mine: true } : { label: THE_VISITOR.sender, mine: false };
    const member = this.#members().find((m) => m.sign_pk === signPk);
    return { label: member?.display_name ?? FORMER_MEMBER, mine: member !== undefined && member.member_id === self };
  }

  /** Who opened (or sent) an item, as the server names them ("visitor" or a member id), as `self` sees it. */
  viewerName(by, self) {
    if (by === VISITOR) return self === VISITOR ? YOU : THE_VISITOR.viewer;
    return this.memberName(by);
  }

  /** Every member's signing key, removed members' too: what they sent still verifies. */
  signingKeys() {
    return this.#members().map((m) => b64uDecode(m.sign_pk, KEY_BYTES));
  }

  /**
   * The members who hold the current key: active ones, but those `waiting` for it (ids), as
   * {member_id, display_name, box_pk}, the box key being what a new key version is sealed to.
   */
  keyHolders(waiting) {
    const ids = new Set(waiting);
    return this.#members()
      .filter((m) => m.active && !ids.has(m.member_id))
      .map(({ member_id, display_name, box_pk }) => ({ member_id, display_name, box_pk }));
  }

  #members() {
    return this.#record?.members ?? [];
  }
}
