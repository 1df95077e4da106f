// A case (member app): its header (this member's sealed label, the office's assignment and
// urgency), its thread, opened with the office key this member holds and answered under its
// name, the write box with the office's templates, and its retention (close, reopen, destroy).
// What the thread shows is marked read in the member's bookmark and remembered for the inbox's
// search. Its categories (IOA) are the office's, sealed to the office key alone.

import { quarterOf } from "../../crypto/index.js";
import { memberCaseCrypto } from "../../models/case-crypto.js";
import { TagRegister } from "../../models/case-tags.js";
import { noOfficeKey } from "../../models/keyring.js";
import { ReadThread } from "../../models/read-thread.js";
import { TemplateStore } from "../../models/templates.js";
import { CaseHeader } from "../../views/case-header.js";
import { CaseTagsPanel } from "../../views/case-tags-panel.js";
import { CaseView } from "../../views/case-view.js";
import { ExceptionForm } from "../../views/exception-form.js";
import { ExceptionRegister, recordsOf } from "../../models/exceptions.js";
import { byTestId, showView } from "../../views/dom.js";

const CASE_DESTROYED = "The case and everything in it are destroyed.";

export class CasePage {
  constructor(app) {
    const { api, status, office } = app;
    this.app = app;
    this.view = new CaseView(byTestId("view-thread"), {
      role: "member",
      api,
      status,
      office,
      onError: (err) => app.failed(err),
      onDestroyed: () => this.destroyed(),
    });
    this.header = new CaseHeader(byTestId("view-thread"), {
      run: app.run,
      onLabel: (label) => this.saveLabel(label),
      onAssign: (memberId) => this.triage("assignee", { member_id: memberId }),
      onUrgent: (urgent) => this.triage("urgent", { urgent }),
      onAcknowledge: () => this.acknowledge(),
    });
    this.exceptions = new ExceptionForm(byTestId("view-thread"), { run: app.run, status, onRecord: (fields) => this.recordException(fields) });
    // What the thread shows may be a flagged item whose sealed payload says why: the alerts read it.
    this.view.threadView.onShown = (entry) => app.flags.shown(this.view.caseId, entry);
    this.tagsPanel = new CaseTagsPanel(byTestId("view-thread"), { run: app.run, onSave: (codes) => this.saveTags(codes) });
    this.tags = null; // the office's tag register, loaded when a case opens
    this.record = null;
  }

  get isOpen() {
    return this.view.caseId !== null;
  }

  async open(caseId) {
    const { api, status, office, member, inbox } = this.app;
    if (!member.keyring.hasOfficeKey) throw noOfficeKey();
    const navigation = this.app.navigated();
    status.progress("Opening the case…");
    const bookmarks = await inbox.ready();
    const record = await this.view.retention.load(caseId); // its visitor's keys (and the record, shown)
    const caseCrypto = memberCaseCrypto(office, member, caseId, record);
    // A view-once item from the visitor, opened before by this member, is not shown again (the pin remembers it).
    const viewOnce = { openedBefore: (id) => member.pins.openedBefore(id), opened: (id) => member.pins.store(office.log, [id]) };
    const prepare = async () => this.showTriage(caseId, await this.view.prepare(caseId));
    const thread = new ReadThread(
      { api, caseCrypto, prepare, viewOnce },
      {
        onText: (text) => inbox.search.add(caseId, text),
        onRead: (seq) => this.app.run(() => bookmarks.markRead(caseId, seq)),
      },
    );
    this.record = record;
    if (!this.app.isCurrent(navigation)) return; // the person went elsewhere meanwhile
    this.header.show({ caseId, label: bookmarks.label(caseId), record, members: office.keyHolders(), self: member.memberId });
    showView("thread");
    await this.view.attach(thread);
    status.clear();
    // The office's templates and case tags: sealed to the office key alone, under the office's id.
    const officeCrypto = memberCaseCrypto(office, member, office.id);
    const templates = new TemplateStore({ api, caseCrypto: officeCrypto });
    await this.app.run(() => this.view.writeBox.loadTemplates(templates));
    await this.app.run(() => this.showExceptions(caseId));
    await this.app.run(() => this.loadTags(caseId, new TagRegister({ api, caseCrypto: officeCrypto })));
  }

  /** The office's register, sealed under the office's id like the templates. */
  register() {
    const { api, office, member } = this.app;
    return new ExceptionRegister({ api, caseCrypto: memberCaseCrypto(office, member, office.id) });
  }

  async showExceptions(caseId) {
    const { records } = await this.register().list();
    if (caseId === this.view.caseId) this.exceptions.showRecords(recordsOf(records, caseId));
  }

  async recordException(fields) {
    const caseId = this.view.caseId;
    await this.register().record(caseId, fields);
    this.app.status.progress("The exception is recorded in the office's register. Only the office can read it.");
    await this.showExceptions(caseId);
  }

  async loadTags(caseId, register) {
    this.tagsPanel.show(null);
    await register.load();
    if (caseId !== this.view.caseId) return;
    this.tags = register;
    this.tagsPanel.show(register.of(caseId));
  }

  /** Seals the ticked codes to the office key, in place of the case's current record. */
  async saveTags(codes) {
    const caseId = this.view.caseId;
    if (!this.tags || !this.record) return;
    let saved;
    try {
      saved = await this.tags.save(caseId, quarterOf(this.record.created_at), codes);
    } catch (err) {
      // A colleague replaced the record meanwhile: show theirs (the server's message says so).
      if (err.code === "tag_record_not_found") await this.loadTags(caseId, this.tags);
      throw err;
    }
    if (caseId !== this.view.caseId) return;
    this.tagsPanel.show(saved);
    this.app.status.progress(
      codes.length ? "The categories are saved, sealed to the office key." : "The case has no categories now.",
    );
  }

  /** The record as fetched again (each listing, a colleague's change): the header's triage follows it. */
  showTriage(caseId, record) {
    if (!record || caseId !== this.view.caseId) return;
    this.record = record;
    this.header.showTriage(record, this.app.office.keyHolders(), this.app.member.memberId);
  }

  async saveLabel(label) {
    const caseId = this.view.caseId;
    await this.app.inbox.bookmarks.setLabel(caseId, label);
    if (caseId !== this.view.caseId) return;
    this.header.showLabel(label);
    this.app.status.progress(label ? "Your label is saved. Only you can read it." : "Your label is removed.");
  }

  /** PUT /cases/{id}/{what}: the office's assignment or urgency; the header shows what is saved. */
  async triage(what, body) {
    const caseId = this.view.caseId;
    let record;
    try {
      record = await this.app.api.request("PUT", `/cases/${encodeURIComponent(caseId)}/${what}`, body);
    } catch (err) {
      this.showTriage(caseId, this.record); // back to what is saved
      throw err;
    }
    this.showTriage(caseId, record);
    if (caseId !== this.view.caseId) return;
    this.app.status.progress(triageSaid(what, record, this.app.office, this.app.member.memberId));
  }

  /** A member has seen the visitor's flag: the whole office sees that it no longer waits. */
  async acknowledge() {
    const caseId = this.view.caseId;
    const record = await this.app.api.post(`/cases/${encodeURIComponent(caseId)}/flag/acknowledge`);
    this.showTriage(caseId, record);
    this.app.flags.acknowledged(caseId);
    if (caseId === this.view.caseId) this.app.status.progress("Acknowledged: the office sees that a member has seen the flag.");
  }

  update() {
    return this.view.update();
  }

  /** A live event: the case's record changed (a colleague closed, reopened, assigned it…); shown, it is fetched again. */
  changed(event) {
    const caseId = this.view.caseId;
    if (event.case_id !== caseId) return;
    this.app.run(async () => this.showTriage(caseId, await this.view.showRecord(caseId)));
  }

  async destroyed() {
    await this.app.inbox.show();
    this.app.status.progress(CASE_DESTROYED);
  }

  /** Leaves the open case (another tab): its items, drafts, record and any pending confirmation go. */
  leave() {
    this.view.leave();
    this.header.clear();
    this.exceptions.clear();
    this.tagsPanel.clear();
    this.tags = null;
    this.record = null;
  }

  clear() {
    this.view.clear();
    this.header.clear();
    this.exceptions.clear();
    this.tagsPanel.clear();
    this.tags = null;
    this.record = null;
  }
}

function triageSaid(what, record, office, self) {
  if (what === "urgent") return record.urgent ? "The case is marked urgent." : "The case is no longer marked urgent.";
  if (!record.assignee) return "The case is no longer assigned to anyone.";
  return `The case is now assigned to ${office.memberName(record.assignee)}${record.assignee === self ? " (you)" : ""}.`;
}
