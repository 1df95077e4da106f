// DOM controller for members waiting for the office key: who they are, their member fingerprint
// (docs/protocol/v2.md section 2) to compare out of band before signing them into the office log,
// and a "Grant access" button each.

import { b64uDecode, memberFingerprint, MemberRecord } from "../crypto/index.js";
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
          h("p", {}, "Member fingerprint: ", h("code", { class: "fingerprint" }, memberFingerprint(recordOf(member)))),
          button,
        ),
      );
    }
  }

  clear() {
    clear(this.list);
  }
}

/** The member as the log will name them, from the server's pending list (what the colleague checks). */
export function recordOf(member) {
  return new MemberRecord(member.member_id, member.display_name, b64uDecode(member.sign_pk, 32), b64uDecode(member.box_pk, 32));
}
