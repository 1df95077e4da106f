// DOM controller for a case's "Categories" panel (member app): the IOA reporting categories the
// office gives the case, for its trend reports. The member ticks categories and subcategories,
// grouped by category, narrowed by a filter box; what is ticked survives filtering. Saving hands
// the codes to onSave, which seals them to the office key (models/case-tags.js).

import { byCode, filterCategories, nameOf, sortCodes } from "../models/ioa-categories.js";
import { busy, byTestId, clear, h } from "./dom.js";

const NONE = "No categories yet.";

export class CaseTagsPanel {
  /** root: the thread's section; onSave(codes) stores them, run by run(action) (views/actions.js). */
  constructor(root, { run, onSave }) {
    this.run = run;
    this.current = byTestId("case-tags-current", root);
    this.filter = byTestId("case-tags-filter", root);
    this.choices = byTestId("case-tags-choices", root);
    this.save = byTestId("case-tags-save", root);
    this.count = byTestId("case-tags-count", root);
    this.edit = byTestId("case-tags-edit", root);
    this.selected = new Set();
    this.filter.addEventListener("input", () => this.renderChoices());
    this.choices.addEventListener("change", (event) => this.ticked(event.target));
    this.save.addEventListener("click", () => busy(this.save, () => this.run(() => onSave(sortCodes(this.selected)))));
  }

  /** Shows a case's current record ({codes, by, sentAt}) or null, and ticks its codes. */
  show(record) {
    this.selected = new Set(record?.codes ?? []);
    this.showCurrent(record);
    this.filter.value = "";
    this.renderChoices();
  }

  showCurrent(record) {
    clear(this.current);
    const codes = sortCodes(record?.codes ?? []);
    if (codes.length === 0) {
      this.current.textContent = NONE;
      return;
    }
    this.current.append(
      h("ul", { class: "tags", "aria-label": "Current categories" }, codes.map((c) => h("li", { class: "tag", "data-testid": "case-tag-current", "data-code": c }, nameOf(c)))),
    );
    if (record.by) this.current.append(h("span", { class: "hint" }, `Set by ${record.by}.`));
  }

  ticked(input) {
    if (!(input instanceof HTMLInputElement) || !input.dataset.code) return;
    if (input.checked) this.selected.add(input.dataset.code);
    else this.selected.delete(input.dataset.code);
    this.showCount();
  }

  showCount() {
    const n = this.selected.size;
    this.count.textContent = n === 0 ? "Nothing ticked." : `${n} ticked.`;
  }

  renderChoices() {
    clear(this.choices);
    const groups = filterCategories(this.filter.value);
    if (groups.length === 0) this.choices.append(h("p", { class: "hint" }, "No category or subcategory matches."));
    for (const c of groups) {
      this.choices.append(
        h(
          "fieldset",
          { class: "tag-group" },
          h("legend", {}, this.checkbox(c.code)),
          h("ul", {}, c.subs.map((s) => h("li", {}, this.checkbox(s.code)))),
        ),
      );
    }
    this.showCount();
  }

  checkbox(code) {
    const id = `tag-${code.replace(".", "-")}`;
    return h(
      "span",
      { class: "check" },
      h("input", { type: "checkbox", id, "data-testid": "case-tag", "data-code": code, checked: this.selected.has(code) }),
      h("label", { for: id }, byCode(code) ? nameOf(code) : code),
    );
  }

  /** Forgets the case: its choices go, and the next case starts with the chooser folded. */
  clear() {
    this.edit.open = false;
    this.selected = new Set();
    this.filter.value = "";
    clear(this.choices);
    clear(this.current);
  }
}
