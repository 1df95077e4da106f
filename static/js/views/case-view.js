// DOM controller for an open case, the same in both apps: its thread (thread-view.js), the write
// box's choices (write-box.js) and its retention (retention-view.js), which a send moves on.

import { dismissConfirms } from "./confirm.js";
import { byTestId } from "./dom.js";
import { RetentionView } from "./retention-view.js";
import { ThreadView } from "./thread-view.js";
import { WriteBox } from "./write-box.js";

export class CaseView {
  /**
   * root: the thread's section; role: "visitor" or "member"; api: models/api.js; status:
   * views/status.js; office: models/office.js; onError(err) hears failures; onDestroyed() and
   * beforeDestroy() (optional) as retention-view.js takes them.
   */
  constructor(root, { role, api, status, office, onError, onDestroyed, beforeDestroy }) {
    this.office = office;
    this.threadView = new ThreadView(root, status, onError);
    this.writeBox = new WriteBox(root, status, () => this.showRecord(this.caseId));
    this.threadView.composer = this.writeBox;
    const limits = () => office.limits;
    this.retention = new RetentionView(byTestId("retention", root), { role, api, status, onError, onDestroyed, beforeDestroy, limits });
  }

  /** The case shown, or null. */
  get caseId() {
    return this.threadView.thread?.caseId ?? null;
  }

  /** Shows a case's thread (models/thread.js) and loads every item. */
  async attach(thread) {
    this.writeBox.reset();
    await this.threadView.attach(thread);
  }

  /**
   * Before each listing of the thread: the office again (a member who joined, new limits), its
   * lifetimes in the write box, and the case's record (status, retention), which is returned.
   */
  async prepare(caseId) {
    await this.office.load();
    this.writeBox.setLimits(this.office.limits);
    return this.showRecord(caseId);
  }

  /** Fetches and shows the case's record (GET /cases/{id}) if it is still the one shown; returns it. */
  async showRecord(caseId) {
    if (!caseId) return null;
    return this.retention.load(caseId, () => this.caseId === caseId);
  }

  /** Lists what is new in the shown case (live events, a reconnection). */
  update() {
    return this.threadView.update();
  }

  /** The live events (models/live.js) about the shown case: new items listed, expired ones taken off, views shown, an item flagged, its record shown again (closed, reopened). */
  liveEvents() {
    const shown = (event) => event.case_id === this.caseId;
    return {
      message: (event) => shown(event) && this.threadView.update(),
      expired: (event) => shown(event) && this.threadView.remove(event.id),
      viewed: (event) => shown(event) && this.threadView.refreshViews(event.id),
      flag: (event) => shown(event) && this.threadView.markFlagged(event.id), // (members only hear it)
      case: (event) => shown(event) && this.showRecord(this.caseId).catch((err) => this.threadView.onError(err)),
    };
  }

  /** Leaves the case: its items, drafts, record and any pending confirmation go. */
  leave() {
    dismissConfirms();
    this.writeBox.reset();
    this.threadView.detach();
    this.retention.hide();
  }

  /** Signing out: leaves the case and resets the write box (its templates and choices). */
  clear() {
    this.leave();
    this.writeBox.clear();
  }
}
