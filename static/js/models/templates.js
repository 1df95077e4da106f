// The office's guidance templates: texts members reuse, stored by the server sealed to the
// office key alone (kind "template", case = the office id), so only members can read them.
// DOM-free. They open only if signed by a member and of kind "template" under the office's id.

import { EnvelopeError } from "../crypto/index.js";

const PATH = "/office/templates";
const KIND = "template";
const PREVIEW = 60;

export class TemplateStore {
  /** api: models/api.js; caseCrypto: the member's crypto for the office's own items (models/case-crypto.js). */
  constructor({ api, caseCrypto }) {
    Object.assign(this, { api, caseCrypto });
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
        const { header, payload } = this.caseCrypto.open(item.envelope);
        if (header.kind !== KIND) throw new EnvelopeError("not a template");
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
    const envelope = this.caseCrypto.seal({ format, body }, { kind: KIND });
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
