// Searching the cases by what this page has decrypted: the member's labels and the text of every
// item opened or sent since signing in. Nothing is sent anywhere: the server could not search
// sealed text, and must not learn what a member looks for. Forgotten on sign-out. DOM-free.

const CONTEXT = 40; // characters shown each side of a match in a message

/** Lower case, accents and case-folding differences dropped: "Équipe" finds "equipe". */
export function folded(text) {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLocaleLowerCase();
}

export class CaseSearch {
  constructor() {
    this.texts = new Map(); // case id → [text]
  }

  /** Remembers a text of the case (an item opened or sent). */
  add(caseId, text) {
    if (!text) return;
    const texts = this.texts.get(caseId) ?? [];
    if (!texts.includes(text)) texts.push(text);
    this.texts.set(caseId, texts);
  }

  /**
   * What of the case matches `query`: {where: "label" | "reference" | "message", excerpt}, or
   * null. An empty query matches every case.
   */
  match(caseId, query, { label = "", reference = "" } = {}) {
    const wanted = folded(query.trim());
    if (!wanted) return { where: null, excerpt: "" };
    if (folded(label).includes(wanted)) return { where: "label", excerpt: label };
    if (folded(reference).includes(wanted)) return { where: "reference", excerpt: reference };
    for (const text of this.texts.get(caseId) ?? []) {
      const at = folded(text).indexOf(wanted);
      if (at >= 0) return { where: "message", excerpt: excerpt(text, at, wanted.length) };
    }
    return null;
  }

  clear() {
    this.texts.clear();
  }
}

/**
 * The text around a match, on one line. (Folding keeps lengths for most scripts; where it does
 * not, the excerpt is only a little off, never wrong about which case matched.)
 */
function excerpt(text, at, length) {
  const start = Math.max(0, at - CONTEXT);
  const end = Math.min(text.length, at + length + CONTEXT);
  const line = text.slice(start, end).replace(/\s+/g, " ").trim();
  return `${start > 0 ? "…" : ""}${line}${end < text.length ? "…" : ""}`;
}
