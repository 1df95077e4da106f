// DOM controller for the office's current members (those holding the office key): who they
// are, and a "Remove" button for each colleague, confirmed first, since removing one rotates the
// office key and visitors will see a new fingerprint.

import { confirmStep } from "./confirm.js";
import { busy, byTestId, clear, h } from "./dom.js";

const YOU = " (you)";

export class MemberList {
  /** root: the members section; onRemove(member) draws the new key and removes the member. */
  constructor(root, onRemove) {
    this.list = byTestId("member-list", root);
    this.onRemove = onRemove;
  }

  /** members: GET /office members holding the key; self: this member's id. */
  show(members, self) {
    clear(this.list);
    for (const member of members) {
      const row = h(
        "li",
        { "data-testid": "member-row", "data-member-id": member.member_id },
        h("p", {}, h("strong", {}, member.display_name), member.member_id === self ? YOU : ""),
      );
      if (member.member_id !== self) row.append(this.removeButton(member));
      this.list.append(row);
    }
  }

  removeButton(member) {
    const button = h("button", { type: "button", class: "danger", "data-testid": "remove-member" }, "Remove");
    button.addEventListener("click", () =>
      busy(button, async () => {
        const go = await confirmStep(button, {
          testId: "remove-confirm",
          question: `Remove ${member.display_name} from the office?`,
          detail:
            "They can no longer sign in, and their sessions end now. A new office key is drawn in this " +
            "browser and given to every other member, and the removal is signed into the office log; " +
            "what was sent before stays readable by them. The office's fingerprint stays the same.",
          yes: "Remove and change the office key",
        });
        if (go) await this.onRemove(member);
      }),
    );
    return button;
  }

  clear() {
    clear(this.list);
  }
}
