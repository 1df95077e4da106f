// DOM controller for members waiting for the office key: who they are, their box key
// fingerprint to compare out of band, and a "Grant access" button each.

import { b64uDecode, fingerprint } from "../crypto/index.js";
import { busy, byTestId, clear, h } from "./dom.js";

const EMPTY_TEXT = "No one is waiting: every member holds the current office key.";

export class PendingList {
  /** root: the pending section; onGrant(member) seals and posts the grant. */
  constructor(root, onGrant) {
    this.list = byTestId("pending-list", root);
    this.onGrant = onGrant;
  }

  show(members) {
    clear(this.list);
    if (members.length === 0) this.list.append(h("li", { class: "hint", "data-testid": "pending-empty" }, EMPTY_TEXT));
    for (const member of members) {
      const button = h("button", { type: "button", class: "primary", "data-testid": "grant-access" }, "Grant access");
      button.addEventListener("click", () => busy(button, () => this.onGrant(member)));
      this.list.append(
        h(
          "li",
          { "data-testid": "pending-member", "data-member-id": member.member_id },
          h("p", {}, h("strong", {}, member.display_name), ` (${member.username})`),
          h("p", {}, "Key fingerprint: ", h("code", { class: "fingerprint" }, fingerprint(b64uDecode(member.box_pk, 32)))),
          button,
        ),
      );
    }
  }

  clear() {
    clear(this.list);
  }
}
