// DOM controller for a new codename: shown once as a numbered list, then checked by asking for
// two of its words. Holds the words only until the case is opened or the visitor cancels.

import { drawCodename, pickCheckPositions, wordMatches } from "../models/codename.js";
import { byTestId, clear, h } from "./dom.js";

const CHECK_FIELDS = ["check-word-1", "check-word-2"];

export class CodenameView {
  constructor() {
    this.list = byTestId("codename-words");
    this.words = null;
    this.positions = null;
  }

  /** Draws a codename from the word list and shows it. */
  show(wordlist) {
    this.words = drawCodename(wordlist);
    clear(this.list);
    this.words.forEach((word) => this.list.append(h("li", { "data-testid": "codename-word" }, word)));
  }

  /** Picks two positions and labels the check fields with them (data-position is 1-based). */
  askCheck() {
    this.positions = pickCheckPositions(CHECK_FIELDS.length);
    const [a, b] = this.positions.map((p) => p + 1);
    byTestId("check-instructions").textContent = `Type word ${a} and word ${b} of your codename, from what you wrote down.`;
    this.positions.forEach((p, i) => {
      const label = byTestId(`check-label-${i + 1}`);
      label.textContent = `Word ${p + 1}`;
      label.dataset.position = String(p + 1);
    });
    CHECK_FIELDS.forEach((id) => {
      byTestId(id).value = "";
    });
  }

  /** A message naming the first word that does not match, or null when both do. */
  checkProblem() {
    const wrong = this.positions.find((p, i) => !wordMatches(this.words, p, byTestId(CHECK_FIELDS[i]).value));
    if (wrong === undefined) return null;
    return `Word ${wrong + 1} does not match. Look at what you wrote down, or show the codename again.`;
  }

  get codename() {
    return this.words.join(" ");
  }

  /** Drops the words from memory and from the page. */
  forget() {
    this.words = null;
    this.positions = null;
    clear(this.list);
    CHECK_FIELDS.forEach((id) => {
      byTestId(id).value = "";
    });
  }
}
