// DOM controller for the write box's choices (templates/write.html): the lifetime, "view once",
// for visitors "Urgent", and for members the kind (message or guidance) and the office's templates. ThreadView sends;
// it asks this box for the options of each send through `options()` and tells it `sent()`.

import { busy, byTestId, clear, h } from "./dom.js";
import { lifetimeChoices } from "../models/lifetime.js";
import { FLAG } from "../models/thread.js";

const NO_TEMPLATE = "";
const CASE_LIFETIME = ""; // the select's value for ttl null

export class WriteBox {
  /** root: the section holding the write form; status: views/status.js; onSent() runs after each send. */
  constructor(root, status, onSent = () => {}) {
    this.status = status;
    this.onSent = onSent;
    this.form = byTestId("write-form", root);
    this.body = byTestId("write-body", root);
    this.ttl = byTestId("write-ttl", root);
    this.viewOnce = byTestId("write-view-once", root);
    this.keep = byTestId("write-keep", root); // the reader may keep a copy (views/viewer.js)
    this.kind = root.querySelector('[data-testid="write-kind"]'); // members only
    this.urgent = root.querySelector('[data-testid="write-urgent"]'); // visitors only
    this.templateSelect = root.querySelector('[data-testid="write-template"]');
    this.store = null;
    this.templates = [];
    this.offered = null;
    this.setLimits(null);
    if (this.templateSelect) this.wireTemplates(root);
  }

  /** Offers the office's lifetimes (GET /office → limits), keeping the current choice if still offered. */
  setLimits(limits) {
    const choices = lifetimeChoices(limits);
    const key = JSON.stringify(choices);
    if (key === this.offered) return; // unchanged: leave the select alone (it may be open)
    this.offered = key;
    const current = this.ttl.value;
    clear(this.ttl);
    for (const { value, label } of choices) {
      this.ttl.append(h("option", { value: value === null ? CASE_LIFETIME : String(value) }, label));
    }
    const offered = [...this.ttl.options].some((o) => o.value === current);
    this.ttl.value = offered ? current : CASE_LIFETIME;
  }

  /** The sealing options the sender chose: {kind, ttl, viewOnce, keep, flag}. */
  options() {
    const ttl = this.ttl.value === CASE_LIFETIME ? null : Number(this.ttl.value);
    const flag = this.urgent?.checked ? FLAG.URGENT : null;
    return { kind: this.kind?.value || "message", ttl, viewOnce: this.viewOnce.checked, keep: this.keep.checked, flag };
  }

  /** After a send: one-off choices go back to their defaults; the lifetime stays as chosen. */
  async sent() {
    this.viewOnce.checked = false;
    this.keep.checked = false;
    if (this.urgent) this.urgent.checked = false;
    if (this.kind) this.kind.value = "message";
    if (this.templateSelect) this.templateSelect.value = NO_TEMPLATE;
    await this.onSent();
  }

  /**
   * Every choice back to its default: each case starts afresh, so a lifetime picked for one
   * case is never applied, unseen, to a reply in another.
   */
  reset() {
    this.viewOnce.checked = false;
    this.keep.checked = false;
    if (this.urgent) this.urgent.checked = false;
    this.ttl.value = CASE_LIFETIME;
    if (this.kind) this.kind.value = "message";
    if (this.templateSelect) this.templateSelect.value = NO_TEMPLATE;
  }

  /** Forgets the templates and resets every choice (signing out). */
  clear() {
    this.reset();
    this.store = null;
    this.templates = [];
    if (this.templateSelect) this.fillTemplateSelect();
  }

  // --- Templates (members) ------------------------------------------------------------------

  wireTemplates(root) {
    const use = byTestId("template-use", root);
    const save = byTestId("template-save", root);
    const remove = byTestId("template-delete", root);
    use.addEventListener("click", () => this.useTemplate());
    save.addEventListener("click", () => busy(save, () => this.guard(() => this.saveTemplate())));
    remove.addEventListener("click", () => busy(remove, () => this.guard(() => this.deleteTemplate())));
  }

  async guard(job) {
    try {
      await job();
    } catch (err) {
      this.status.error(err);
    }
  }

  /** Loads and opens the office's templates with `store` (models/templates.js). */
  async loadTemplates(store) {
    this.store = store;
    const { templates, failed } = await store.list();
    if (this.store !== store) return; // signed out meanwhile
    this.templates = templates;
    this.fillTemplateSelect();
    if (failed) this.status.error(`${failed} template(s) could not be opened and are not offered.`);
  }

  fillTemplateSelect() {
    clear(this.templateSelect);
    const none = this.templates.length ? "Choose a template…" : "No templates yet";
    this.templateSelect.append(h("option", { value: NO_TEMPLATE }, none));
    for (const t of this.templates) this.templateSelect.append(h("option", { value: t.id }, t.label));
  }

  chosenTemplate() {
    return this.templates.find((t) => t.id === this.templateSelect.value) ?? null;
  }

  useTemplate() {
    const template = this.chosenTemplate();
    if (!template) {
      this.status.error("Choose a template first.");
      this.templateSelect.focus();
      return;
    }
    this.body.value = template.body;
    if (this.kind) this.kind.value = "guidance";
    this.status.progress("The template is in the write box: adapt it to this case before you send it.");
    this.body.focus();
  }

  async saveTemplate() {
    const text = this.body.value;
    if (!this.store || text.trim() === "") {
      this.status.error("Write the text of the template in the box first.");
      this.body.focus();
      return;
    }
    this.status.progress("Sealing the template for the office…");
    const id = await this.store.save(text);
    await this.loadTemplates(this.store);
    this.templateSelect.value = id;
    this.status.progress("Saved as a template. Only office members can read it.");
  }

  async deleteTemplate() {
    const template = this.chosenTemplate();
    if (!template || !this.store) {
      this.status.error("Choose the template to delete first.");
      this.templateSelect.focus();
      return;
    }
    await this.store.remove(template.id);
    await this.loadTemplates(this.store);
    this.status.progress(`Template "${template.label}" deleted.`);
  }
}
