// A case's thread (models/thread.js) that tells the member's inbox what was read: the text of
// each item opened or sent, for the page's own search, and how far each listing went, for the
// member's read marker. DOM-free.

import { Thread } from "./thread.js";

export class ReadThread extends Thread {
  /**
   * options: as Thread takes them; onText(text) hears each text opened or sent; onRead(seq) hears
   * the listing's cursor once every item up to it is shown.
   */
  constructor(options, { onText, onRead }) {
    super(options);
    this.onText = onText;
    this.onRead = onRead;
  }

  async fetchPages(onEntry) {
    await super.fetchPages((entry) => {
      if (!entry.failed) this.onText(entry.text);
      onEntry(entry);
    });
    this.onRead(Number(this.cursor));
  }

  async send(text, options) {
    const entry = await super.send(text, options);
    this.onText(text);
    return entry;
  }
}
