// A member's bookmarks (docs/protocol/v2.md section 10): their own label for each case and how
// far they have read it, kept on the server sealed under their own key, so that the label and the
// unread markers are there at the next sign-in and nobody else, the server included, reads them.
// DOM-free.

import { Bookmark, EnvelopeError, openBookmark, sealBookmark } from "../crypto/index.js";

export class Bookmarks {
  /** api: models/api.js; memberId; keyring: the member's (models/keyring.js), whose box secret key seals them. */
  constructor(api, { memberId, keyring }) {
    Object.assign(this, { api, memberId, keyring });
    this.byCase = new Map();
    this.unreadable = 0; // bookmarks that did not open: tampered with, or sealed by other keys
    // One write at a time, each from the state the one before left: two quick changes (a label,
    // then a read marker) never overwrite each other.
    this.writes = Promise.resolve();
  }

  /** Reads every bookmark of this member from the server, once the writes under way are done. */
  async load() {
    await this.writes;
    const { items } = await this.api.get("/office/bookmarks");
    const found = new Map();
    let unreadable = 0;
    for (const { case_id: caseId, bookmark } of items) {
      try {
        found.set(caseId, openBookmark(bookmark, this.where(caseId)));
      } catch (err) {
        if (!(err instanceof EnvelopeError)) throw err;
        unreadable += 1;
      }
    }
    this.byCase = found;
    this.unreadable = unreadable;
  }

  where(caseId) {
    return { boxSk: this.keyring.bundle.boxSk, memberId: this.memberId, caseId };
  }

  /** This member's label for the case, "" if none. */
  label(caseId) {
    return this.byCase.get(caseId)?.label ?? "";
  }

  /** How many of `fromOthers` (the seqs of items others sent, from the case listing) are after this member's read marker. */
  unread(caseId, fromOthers) {
    const read = this.byCase.get(caseId)?.read ?? 0;
    return fromOthers.filter((seq) => seq > read).length;
  }

  setLabel(caseId, label) {
    return this.write(caseId, (b) => (b.label === label ? null : new Bookmark(label, b.read)));
  }

  /** Everything up to `seq` (a listing's cursor) is read. */
  markRead(caseId, seq) {
    return this.write(caseId, (b) => (seq > b.read ? new Bookmark(b.label, seq) : null));
  }

  /** Seals and stores `change(current)` (a Bookmark, or null for no change) after the writes before it. */
  write(caseId, change) {
    const run = this.writes.then(async () => {
      if (this.keyring.wiped) return; // signed out meanwhile
      const next = change(this.byCase.get(caseId) ?? new Bookmark());
      if (next === null) return;
      const path = `/cases/${encodeURIComponent(caseId)}/bookmark`;
      await this.api.request("PUT", path, { bookmark: sealBookmark(next, this.where(caseId)) });
      this.byCase.set(caseId, next);
    });
    this.writes = run.catch(() => {});
    return run;
  }
}
