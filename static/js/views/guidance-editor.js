// DOM controller for the office's public guidance pages (members only): the list, drafts
// included, and a form to create or edit one (address, title, markdown text, published, publish
// and withdrawal dates), and deleting. The server renders the public page from the markdown
// through its sanitiser; this page never turns the markdown into HTML.

import { serverNow } from "../models/clock.js";
import { confirmStep } from "./confirm.js";
import { busy, byTestId, clear, h, timeElement } from "./dom.js";

const PATH = "/office/articles";
const PUBLIC_PREFIX = "/guidance/";
const EMPTY_TEXT = "No guidance pages yet.";

export class GuidanceEditor {
  /** root: the guidance section; api: models/api.js; status: views/status.js; onError(err) hears failures. */
  constructor(root, { api, status, onError = (err) => status.error(err) }) {
    Object.assign(this, { api, status, onError });
    this.list = byTestId("article-list", root);
    this.form = byTestId("article-form", root);
    this.formTitle = byTestId("article-form-title", root);
    this.newButton = byTestId("article-new", root);
    this.fields = Object.fromEntries(
      ["title", "slug", "body", "published", "publish-at", "expires-at"].map((name) => [name, byTestId(`article-${name}`, root)]),
    );
    this.editing = null; // the article being edited, or null for a new one
    this.slugTouched = false;
    this.newButton.addEventListener("click", () => this.edit(null));
    byTestId("article-cancel", root).addEventListener("click", () => this.closeForm());
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      busy(this.form, () => this.guard(() => this.save()));
    });
    this.fields.title.addEventListener("input", () => {
      if (!this.editing && !this.slugTouched) this.fields.slug.value = slugify(this.fields.title.value);
    });
    this.fields.slug.addEventListener("input", () => {
      this.slugTouched = true;
    });
  }

  async guard(job) {
    try {
      await job();
    } catch (err) {
      await this.onError(err);
    }
  }

  /** Loads and lists every page, drafts included. */
  async show() {
    const { items } = await this.api.get(PATH);
    this.closeForm();
    this.articles = items;
    clear(this.list);
    if (items.length === 0) this.list.append(h("li", { class: "hint", "data-testid": "article-empty" }, EMPTY_TEXT));
    for (const article of items) this.list.append(this.itemElement(article));
  }

  itemElement(article) {
    const edit = h("button", { type: "button", "data-testid": "article-edit" }, "Edit");
    const remove = h("button", { type: "button", class: "danger-outline", "data-testid": "article-delete" }, "Delete");
    edit.addEventListener("click", () => this.edit(article));
    remove.addEventListener("click", () => busy(remove, () => this.guard(() => this.remove(article, remove))));
    const href = PUBLIC_PREFIX + encodeURIComponent(article.slug);
    return h(
      "li",
      { class: "article", "data-testid": "article-item", "data-slug": article.slug },
      h("p", { class: "article-title" }, h("strong", {}, article.title)),
      h("p", { class: "case-meta" }, stateOf(article), " · ", h("a", { href, target: "_blank", rel: "noopener noreferrer" }, href)),
      h("div", { class: "actions" }, edit, remove),
    );
  }

  /** Opens the form on `article`, or empty for a new page. */
  edit(article) {
    this.editing = article;
    this.slugTouched = Boolean(article);
    const f = this.fields;
    f.title.value = article?.title ?? "";
    f.slug.value = article?.slug ?? "";
    f.body.value = article?.body_markdown ?? "";
    f.published.checked = article?.published ?? false;
    f["publish-at"].value = article ? toLocalInput(article.publish_at) : "";
    f["expires-at"].value = article?.expires_at ? toLocalInput(article.expires_at) : "";
    this.formTitle.textContent = article ? `Edit "${article.title}"` : "New guidance page";
    this.form.hidden = false;
    this.newButton.hidden = true;
    f.title.focus();
  }

  closeForm() {
    this.editing = null;
    this.form.hidden = true;
    this.newButton.hidden = false;
    for (const el of Object.values(this.fields)) {
      if (el.type === "checkbox") el.checked = false;
      else el.value = "";
    }
  }

  async save() {
    const f = this.fields;
    const body = {
      slug: f.slug.value.trim(),
      title: f.title.value.trim(),
      body_markdown: f.body.value,
      published: f.published.checked,
      expires_at: fromLocalInput(f["expires-at"].value),
    };
    const publishAt = fromLocalInput(f["publish-at"].value);
    if (publishAt !== null) body.publish_at = publishAt; // absent: from now
    if (!body.title || !body.slug) {
      this.status.error("Give the page a title and an address.");
      (body.title ? f.slug : f.title).focus();
      return;
    }
    const editing = this.editing;
    if (editing) await this.api.request("PUT", `${PATH}/${encodeURIComponent(editing.article_id)}`, body);
    else await this.api.post(PATH, body);
    await this.show();
    const where = PUBLIC_PREFIX + body.slug;
    this.status.progress(body.published ? `Saved. The page is public at ${where}.` : "Saved as a draft: only office members see it.");
  }

  async remove(article, button) {
    const ok = await confirmStep(button, {
      testId: "article-delete-confirm",
      question: `Delete "${article.title}"?`,
      detail: "The public page disappears at once. This cannot be undone.",
      yes: "Delete the page",
    });
    if (!ok) return;
    await this.api.request("DELETE", `${PATH}/${encodeURIComponent(article.article_id)}`);
    await this.show();
    this.status.progress(`"${article.title}" is deleted.`);
  }

  clear() {
    this.closeForm();
    this.articles = [];
    clear(this.list);
  }
}

/** Draft, scheduled, public or withdrawn, with the dates that matter. */
function stateOf(article) {
  const now = serverNow();
  const span = (state, ...rest) => h("span", { "data-testid": "article-state", "data-state": state }, ...rest);
  if (!article.published) return span("draft", "Draft (members only)");
  if (article.expires_at !== null && article.expires_at <= now) {
    return span("expired", "Withdrawn since ", timeElement(article.expires_at));
  }
  const until = article.expires_at !== null ? [" until ", timeElement(article.expires_at)] : [];
  if (article.publish_at > now) return span("scheduled", "Public from ", timeElement(article.publish_at), ...until);
  return span("public", "Public", ...until);
}

/** A page address from a title: lowercase ASCII words joined by dashes. */
export function slugify(title) {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
}

function pad(n) {
  return String(n).padStart(2, "0");
}

/** Unix seconds as the value of an <input type="datetime-local"> (local time, to the minute). */
export function toLocalInput(seconds) {
  const d = new Date(seconds * 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** An <input type="datetime-local"> value (local time) as Unix seconds; null when empty. */
export function fromLocalInput(value) {
  if (!value) return null;
  const ms = new Date(value).getTime();
  if (!Number.isFinite(ms)) throw Object.assign(new Error("bad date"), { userMessage: "A date is not valid." });
  return Math.floor(ms / 1000);
}
