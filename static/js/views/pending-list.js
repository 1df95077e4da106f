// DOM controller for members waiting for the office key: who they are, their member fingerprint
// (docs/protocol/v2.md section 2) to compare out of band before signing them into the office log,
// and a "Grant access" button each.

import { b64uDecode, memberFingerprint, MemberRecord } from "../crypto/index.js";
import { busy, byTestId, clear, h } from "./dom.js";

const EMPTY_TEXT = "No one is waiting: every member holds the current office key.";
const WAITING = "You signed their admission: a colleague must co-sign it before they can read cases.";

export class PendingList {
  /** root: the pending section; onGrant(member) seals and posts the grant. */
  constructor(root, onGrant) {
    this.list = byTestId("pending-list", root);
    this.onGrant = onGrant;
  }

  /**
   * members: GET /members/pending's items. twoNeeded: the office log asks two signatures for each
   * addition; self: this member's id; nameOf(id): a member's name (who proposed an addition).
   */
  show(members, { twoNeeded = false, self = null, nameOf = (id) => id } = {}) {
    clear(this.list);
    if (members.length === 0) this.list.append(h("li", { class: "hint", "data-testid": "pending-empty" }, EMPTY_TEXT));
    for (const member of members) {
      this.list.append(
        h(
          "li",
          { "data-testid": "pending-member", "data-member-id": member.member_id },
          h("p", {}, h("strong", {}, member.display_name), ` (${member.username})`),
          h("p", {}, "Member fingerprint: ", h("code", { class: "fingerprint" }, memberFingerprint(recordOf(member)))),
          this.action(member, twoNeeded, self, nameOf),
        ),
      );
    }
  }

  /** What this member can do for a newcomer: grant access, propose it, co-sign a colleague's proposal, or wait. */
  action(member, twoNeeded, self, nameOf) {
    const proposer = member.proposal?.sigs[0]?.by ?? null;
    if (twoNeeded && proposer === self) return h("p", { class: "hint", "data-testid": "proposal-waiting" }, WAITING);
    const [label, testId] = !twoNeeded
      ? ["Grant access", "grant-access"]
      : proposer
        ? ["Co-sign and grant access", "grant-access"]
        : ["Sign to propose their admission", "propose-admission"];
    const button = h("button", { type: "button", class: "primary", "data-testid": testId }, label);
    button.addEventListener("click", () => busy(button, () => this.onGrant(member)));
    if (!twoNeeded || !proposer) return button;
    const note = `${nameOf(proposer)} signed their admission; a second member's signature completes it.`;
    return h("div", {}, h("p", { "data-testid": "proposed-by" }, note), button);
  }

  clear() {
    clear(this.list);
  }
}

/** The member as the log will name them, from the server's pending list (what the colleague checks). */
export function recordOf(member) {
  return new MemberRecord(member.member_id, member.display_name, b64uDecode(member.sign_pk, 32), b64uDecode(member.box_pk, 32));
}
