// The Reports tab (member app): the office's trends, without identities (IOA Standards of
// Practice 3.3, 5.5, 8.5). Computed here, in the member's browser, from the case tag records it
// opens with the office key, the count of exception records, the consent items listed in open
// cases (counted by kind, nothing opened) and the destruction log's counts. The server computes
// nothing and learns nothing of the categories. Download as CSV, or print.

import { memberCaseCrypto } from "../../models/case-crypto.js";
import { TagRegister } from "../../models/case-tags.js";
import { noOfficeKey } from "../../models/keyring.js";
import { buildReport, countConsents, countDestroyed, reportTables, suppressionNote, toCsv } from "../../models/report.js";
import { byTestId, showView } from "../../views/dom.js";
import { ReportView } from "../../views/report-view.js";

const DEFAULT_K = 5; // (an office whose server predates the setting)
const PAGE = 500; // items per listing request, the server's most

export class ReportsTab {
  constructor(app) {
    this.app = app;
    this.view = new ReportView(byTestId("view-reports"));
    this.summary = byTestId("reports-summary");
    this.lang = byTestId("reports-lang");
    this.shown = null; // {report, tables, note} as on the page: what the CSV holds
    for (const testId of ["nav-reports", "reports-refresh"]) app.on(testId, "click", () => this.show());
    app.on("reports-lang", "change", () => this.show());
    app.on("reports-csv", "click", () => this.download());
    app.on("reports-print", "click", () => window.print());
  }

  async show() {
    const { api, status, office, member } = this.app;
    const navigation = this.app.tab("nav-reports");
    if (!member.keyring.hasOfficeKey) throw noOfficeKey();
    status.progress("Counting, in your browser…");
    await office.load();
    const k = office.limits?.report_min_count ?? DEFAULT_K;
    const tags = new TagRegister({ api, caseCrypto: memberCaseCrypto(office, member, office.id) });
    const [{ failed }, exceptions, consents, destructions] = await Promise.all([
      tags.load(),
      api.get("/office/exceptions"),
      this.consentItems(),
      api.get("/destructions"),
    ]);
    if (!this.app.isCurrent(navigation)) return;
    const records = [...tags.current().values()];
    const lang = this.lang.value === "fr" ? "fr" : "en";
    const report = buildReport({
      records,
      exceptions: exceptions.items.length,
      consents: countConsents(consents),
      destroyed: countDestroyed(destructions.items),
      k,
      lang,
    });
    const tables = reportTables(report);
    const note = suppressionNote(k, lang);
    this.shown = { tables, note };
    this.view.show(report, tables, note);
    this.summary.textContent = summaryOf(failed, lang);
    status.clear();
    showView("reports");
  }

  /** The listings of the office's open cases, one list of items per case (their kinds are all this needs). */
  async consentItems() {
    const { items: cases } = await this.app.api.get("/cases");
    const listings = [];
    for (const c of cases.filter((c) => c.status === "open")) {
      const items = [];
      for (let after = 0; ; ) {
        const page = await this.app.api.get(`/cases/${encodeURIComponent(c.case_id)}/messages?after=${after}&limit=${PAGE}`);
        items.push(...page.items);
        if (page.items.length < PAGE) break;
        after = Number(page.cursor);
      }
      listings.push(items);
    }
    return listings;
  }

  /** The CSV of the report as the page shows it, saved by the browser: nothing goes to the server. */
  download() {
    if (!this.shown) return;
    const csv = toCsv(this.shown.tables, this.shown.note);
    const url = URL.createObjectURL(new Blob([`\ufeff${csv}`], { type: "text/csv;charset=utf-8" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `ombuds-report-${new Date().toISOString().slice(0, 10)}.csv`;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  }

  clear() {
    this.view.clear();
    this.summary.textContent = "";
    this.shown = null;
  }
}

/** When it was computed, and whether some records did not open (their number is the office's, not a case's). */
function summaryOf(failed, lang) {
  const fr = lang === "fr";
  const when = new Date().toLocaleString(fr ? "fr" : "en", { dateStyle: "long", timeStyle: "short" });
  let text = fr ? `Calculé dans votre navigateur le ${when}.` : `Computed in your browser on ${when}.`;
  if (failed) {
    text += fr
      ? ` ${failed} fiche(s) n'ont pas pu être ouvertes et ne sont pas comptées.`
      : ` ${failed} record(s) could not be opened and are not counted.`;
  }
  return text;
}
