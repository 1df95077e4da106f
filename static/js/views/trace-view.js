// DOM controller for "Trace a leak" (members): a leaked passage pasted in, whose invisible
// fingerprint gives the view code, or a code read off a screenshot's or photo's watermark;
// the portal says which opening of which item it was (GET /trace?code=), by whom and when.

import { caseName } from "../models/case-name.js";
import { busy, byTestId, clear, h, timeElement } from "./dom.js";
import { decodeAll, normalizeCode } from "../models/fingerprint.js";

const KINDS = { message: "Message", guidance: "Guidance", note: "Office note", "consent-request": "Consent request", "consent-answer": "Consent answer" };
const NOTHING_GIVEN = "Paste the leaked text, or type the view code from the watermark.";
const BAD_CODE = "A view code has ten letters and digits, like 7K3QD-M9XTA.";
const NO_MARK =
  "No view code is hidden in this text: it may have been retyped, scanned or cleaned of invisible " +
  "characters. Look for the code on the watermark of a screenshot or photo and type it below.";
const NOT_FOUND = 404;

export class TraceView {
  /**
   * root: the trace section; api: models/api.js; status: views/status.js; nameOf(by): "the visitor"
   * or a member's name; onOpenCase(caseId) opens the case the item belongs to.
   */
  constructor(root, { api, status, nameOf, onOpenCase }) {
    Object.assign(this, { api, status, nameOf, onOpenCase });
    this.form = byTestId("trace-form", root);
    this.text = byTestId("trace-text", root);
    this.code = byTestId("trace-code", root);
    this.results = byTestId("trace-results", root);
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(this.form, () => this.trace());
    });
  }

  /** The codes to look up, or null after saying what is wrong. */
  codes() {
    const typed = this.code.value.trim();
    if (typed) {
      const code = normalizeCode(typed);
      if (code === null) this.status.error(BAD_CODE);
      return code === null ? null : [code];
    }
    if (this.text.value.trim() === "") {
      this.status.error(NOTHING_GIVEN);
      return null;
    }
    const found = decodeAll(this.text.value);
    if (found.length === 0) this.status.error(NO_MARK);
    return found.length ? found : null;
  }

  async trace() {
    clear(this.results);
    const codes = this.codes();
    if (codes === null) return;
    this.status.progress("Looking up…");
    let known = 0;
    for (const code of codes) {
      try {
        this.results.append(this.card(await this.api.get(`/trace?code=${encodeURIComponent(code)}`)));
        known++;
      } catch (err) {
        if (err.status !== NOT_FOUND) throw err;
        this.results.append(h("div", { class: "panel", "data-testid": "trace-unknown" }, h("h2", {}, `View ${code}`), h("p", {}, err.userMessage)));
      }
    }
    this.status.progress(summary(codes.length, known));
  }

  card(found) {
    const open = h("button", { type: "button", "data-testid": "trace-open-case" }, "Open the case");
    open.addEventListener("click", () => this.onOpenCase(found.case_id));
    const item = found.item;
    const row = (term, ...value) => [h("dt", {}, term), h("dd", {}, ...value)];
    return h(
      "div",
      { class: "panel trace-result", "data-testid": "trace-result", "data-code": found.code, "data-item-id": item.id, "data-case-id": found.case_id },
      h("h2", {}, `View ${found.code}`),
      h(
        "dl",
        {},
        row("Opened by", h("span", { "data-testid": "trace-by" }, this.nameOf(found.by))),
        row("When", timeElement(found.opened_at)),
        row(
          "Item",
          h("span", { "data-testid": "trace-item" }, `${KINDS[item.kind] ?? item.kind} from ${this.nameOf(item.from)}, received `),
          timeElement(item.received_at),
          item.destroyed ? h("span", { "data-testid": "trace-destroyed" }, " (destroyed since: expired or viewed once)") : null,
        ),
        row("Case", h("span", { "data-testid": "trace-case" }, `${caseName(found.case_id)} `), open),
      ),
    );
  }

  /** Forgets what was pasted or found (signing out, leaving the view). */
  clear() {
    this.text.value = "";
    this.code.value = "";
    clear(this.results);
  }
}

/** What the lookup found, in words that agree with the cards below it. */
export function summary(looked, known) {
  const views = (n) => (n === 1 ? "one view" : `${n} views`);
  if (known === 0) return looked === 1 ? "No view has this code." : `None of these ${looked} codes belongs to a view.`;
  if (known === looked) return looked === 1 ? "Found: the view is shown below." : `Found: ${views(known)}, shown below.`;
  return `Of ${looked} codes, ${known === 1 ? "one belongs" : `${known} belong`} to a view; the others to none.`;
}
