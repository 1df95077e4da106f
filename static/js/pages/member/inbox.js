// The inbox (member app): the office's cases, newest activity first, each with this member's own
// label and unread count (from their sealed bookmarks, models/bookmarks.js), the office's triage
// (status, urgent, assignee), a status filter and a search over what this page has decrypted.
// Live events and reconnections reload it while it is shown.

import { Bookmarks } from "../../models/bookmarks.js";
import { CaseSearch } from "../../models/case-search.js";
import { emptyText, inboxRows, shownRows } from "../../models/inbox.js";
import { CaseList } from "../../views/case-list.js";
import { byTestId, showView } from "../../views/dom.js";

const UNREADABLE = (n) =>
  `${n === 1 ? "One of your case labels" : `${n} of your case labels`} did not open with your keys: someone may have tampered with them. They are left out; saving a label replaces it.`;

/** This member's name: as the signed log has it, or, before they are in it, as they enrolled. */
function ownName(office, { memberId, username }) {
  const logged = office.log?.member(memberId)?.record.displayName;
  const enrolled = office.serverRecords().members?.find((m) => m.member_id === memberId)?.display_name;
  return logged ?? enrolled ?? username;
}

export class Inbox {
  constructor(app) {
    this.app = app;
    this.root = byTestId("view-inbox");
    this.whoAmI = byTestId("signed-in-as");
    this.list = new CaseList(this.root, {
      onOpen: (row) => app.run(() => app.case.open(row.caseId)),
      onChange: () => this.render(),
    });
    this.search = new CaseSearch(); // what this page has decrypted, for its own search
    this.bookmarks = null; // the signed-in member's, read at the first showing
    this.cases = [];
    this.loads = 0; // only the latest load of the case list is shown
    for (const testId of ["nav-cases", "inbox-refresh", "back-to-inbox"]) app.on(testId, "click", () => this.show());
  }

  async show() {
    const { api, status, office, member } = this.app;
    const navigation = this.app.tab("nav-cases");
    await office.load();
    if (!this.app.isCurrent(navigation)) return; // takes a grant received since signing in, so a newly granted member reads at once
    this.whoAmI.textContent = `Signed in as ${ownName(office, member)}`;
    this.whoAmI.hidden = false;
    const waiting = !member.keyring.hasOfficeKey;
    byTestId("no-grant-notice").hidden = !waiting;
    byTestId("grant-unopenable").hidden = !waiting || member.keyring.unopenable.size === 0;
    byTestId("inbox-cases").hidden = waiting; // a member who cannot read cases is shown none of them
    if (waiting) {
      this.cases = [];
      this.list.clear();
      showView("inbox");
      return;
    }
    status.progress("Loading cases…");
    this.bookmarks ??= new Bookmarks(api, { memberId: member.memberId, keyring: member.keyring });
    await this.bookmarks.load(); // (after this member's own writes under way, such as a read marker)
    const load = ++this.loads;
    const { items } = await api.get("/cases");
    if (load === this.loads) this.showCases(items);
    if (!this.app.isCurrent(navigation)) return; // (a case opened meanwhile stays open)
    if (this.bookmarks.unreadable > 0) status.error(UNREADABLE(this.bookmarks.unreadable));
    else status.clear();
    showView("inbox");
  }

  /** This member's bookmarks, read from the server if the inbox was not shown since signing in. */
  async ready() {
    if (this.bookmarks) return this.bookmarks;
    const { api, member } = this.app;
    const bookmarks = new Bookmarks(api, { memberId: member.memberId, keyring: member.keyring });
    await bookmarks.load();
    this.bookmarks ??= bookmarks;
    return this.bookmarks;
  }

  /**
   * Reloads the case list (newest activity first) while the inbox is shown, or always when
   * `anyView` (a catch-up: the listing also tells whether the session still holds).
   */
  async refresh(anyView = false) {
    const { member, office } = this.app;
    if (!member || (this.root.hidden && !anyView)) return;
    if (!member.keyring.hasOfficeKey) {
      // No case to list yet: the office again (its grants answer only a live session), and the
      // cases at once if a grant came meanwhile.
      await this.app.run(async () => {
        await office.load();
        if (this.app.member?.keyring.hasOfficeKey && !this.root.hidden) await this.show();
      });
      return;
    }
    const load = ++this.loads;
    await this.app.run(async () => {
      const { items } = await this.app.api.get("/cases");
      if (load === this.loads && this.app.member && this.bookmarks) this.showCases(items); // (a hidden list is harmless)
    });
  }

  showCases(items) {
    this.cases = items;
    this.render();
  }

  /** The list as the filter and search ask, from the cases last listed. */
  render() {
    const { office, member } = this.app;
    if (!member || !this.bookmarks) return;
    const rows = inboxRows(this.cases, {
      bookmarks: this.bookmarks,
      self: member.memberId,
      nameOf: (id) => office.memberName(id),
    });
    const wanted = this.list.wanted;
    const shown = shownRows(rows, { ...wanted, search: this.search });
    this.list.show(shown, { total: rows.length, empty: emptyText({ total: rows.length, ...wanted }) });
  }

  clear() {
    this.list.clear();
    this.search.clear();
    this.bookmarks = null;
    this.cases = [];
    this.whoAmI.textContent = "";
    this.whoAmI.hidden = true;
  }
}
