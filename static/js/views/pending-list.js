// DOM controller for members waiting for the office key: who they are, their member fingerprint
// (docs/protocol/v2.md section 2) to compare out of band before signing them into the office log,
// and a "Grant access" button each.

import { b64uDecode, memberFingerprint, MemberRecord } from "../crypto/index.js";
import { busy, byTestId, clear, h } from "./dom.js";

const EMPTY_TEXT = "No one is waiting: every member holds the current office key.";
const WAITING = "You signed their admission: a colleague must co-sign it before they can read cases.";
const UNOPENABLE = "They report that the grant of the office key they were given does not open: grant it again.";
const COMPARE_FIRST = "First compare the fingerprint with your colleague and tick the box: a wrong key would let someone else read every case.";

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
      const compared = h("input", { type: "checkbox", "data-testid": "fingerprint-compared" });
      const action = this.action(member, twoNeeded, self, nameOf, compared);
      this.list.append(
        h(
          "li",
          { "data-testid": "pending-member", "data-member-id": member.member_id },
          h("p", {}, h("strong", {}, member.display_name), ` (${member.username})`),
          h("p", {}, "Member fingerprint: ", h("code", { class: "fingerprint" }, memberFingerprint(recordOf(member)))),
          action.querySelector("button") && !member.unopenable // (nothing to compare while waiting on a co-signer, nor to grant again)
            ? h(
                "p",
                { class: "check" },
                h(
                  "label",
                  {},
                  compared,
                  ` I compared this fingerprint with the one ${member.display_name} reads from their own page, in person or by phone, and they match.`,
                ),
              )
            : null,
          action,
        ),
      );
    }
  }

  /** What this member can do for a newcomer: grant access, propose it, co-sign a colleague's proposal, or wait. */
  action(member, twoNeeded, self, nameOf, compared) {
    if (member.unopenable) {
      // Admitted already (the log names them): the grant goes to the key the log records, so
      // there is nothing to compare again and no signature to add.
      const again = h("button", { type: "button", class: "primary", "data-testid": "grant-again" }, "Grant again");
      again.addEventListener("click", () => busy(again, () => this.onGrant(member)));
      return h("div", {}, h("p", { class: "error", "data-testid": "grant-unopenable-note" }, UNOPENABLE), again);
    }
    const proposer = member.proposal?.sigs[0]?.by ?? null;
    if (twoNeeded && proposer === self) return h("p", { class: "hint", "data-testid": "proposal-waiting" }, WAITING);
    const [label, testId] = !twoNeeded
      ? ["Grant access", "grant-access"]
      : proposer
        ? ["Co-sign and grant access", "grant-access"]
        : ["Sign to propose their admission", "propose-admission"];
    const button = h("button", { type: "button", class: "primary", "data-testid": testId }, label);
    const refusal = h("p", { class: "error", role: "alert", "data-testid": "compare-first", hidden: true }, COMPARE_FIRST);
    button.addEventListener("click", () => {
      // Signing a colleague into the log seals every case to their key: only after comparing it.
      refusal.hidden = compared.checked;
      if (!compared.checked) {
        compared.focus();
        return;
      }
      busy(button, () => this.onGrant(member));
    });
    const withRefusal = h("div", {}, button, refusal);
    if (!twoNeeded || !proposer) return withRefusal;
    const note = `${nameOf(proposer)} signed their admission; a second member's signature completes it.`;
    return h("div", {}, h("p", { "data-testid": "proposed-by" }, note), withRefusal);
  }

  clear() {
    clear(this.list);
  }
}

/** The member as the log will name them, from the server's pending list (what the colleague checks). */
export function recordOf(member) {
  return new MemberRecord(member.member_id, member.display_name, b64uDecode(member.sign_pk, 32), b64uDecode(member.box_pk, 32));
}
