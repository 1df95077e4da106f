// The office's guidance templates: texts members reuse, stored by the server sealed to the
// office key alone (kind "template", case = the office id), so only members can read them.
// DOM-free. `open(envelope)` and `seal(payload)` come from the member page, which holds the keys.

const PATH = "/office/templates";
const PREVIEW = 60;

export class TemplateStore {
  /** api: ui/api.js; open(envelope) → {header, payload} or throws; seal(payload) → envelope. */
  constructor({ api, open, seal }) {
    Object.assign(this, { api, open, seal });
  }

  /**
   * The templates that open, oldest first, as [{id, format, body, label}], and how many did not
   * (sealed to a key this member does not hold, or failing a check).
   */
  async list() {
    const { items } = await this.api.get(PATH);
    const opened = [];
    let failed = 0;
    for (const item of items) {
      try {
        const { payload } = this.open(item.envelope);
        if (typeof payload.body !== "string") throw new Error("a template without text");
        const format = payload.format === "markdown" ? "markdown" : "plain";
        opened.push({ id: item.id, format, body: payload.body, label: templateLabel(payload.body) });
      } catch {
        failed += 1;
      }
    }
    return { templates: opened, failed };
  }

  /** Seals `body` as a new template and stores it; returns its id. */
  async save(body, format = "plain") {
    const envelope = this.seal({ format, body });
    const answer = await this.api.post(PATH, envelope.toJSON());
    return answer.id;
  }

  async remove(id) {
    await this.api.request("DELETE", `${PATH}/${encodeURIComponent(id)}`);
  }
}

/** What a template is called in the list: its first line that has words, shortened. */
export function templateLabel(body) {
  const line = body.split("\n").find((l) => l.trim() !== "")?.trim() ?? "(empty)";
  return line.length > PREVIEW ? `${line.slice(0, PREVIEW - 1)}…` : line;
}
