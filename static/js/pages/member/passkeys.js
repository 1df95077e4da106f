// The Passkeys tab (member app): the member's passkeys and security keys, named, listed and
// removable, and registering a new one. Shown first, alone, when the office requires a passkey
// and this member has none.

import { b64uEncode, prfSalt, wrapForPasskey } from "../../crypto/index.js";
import { passkeyUnlock, registerPasskey } from "../../models/passkeys.js";
import { confirmStep } from "../../views/confirm.js";
import { busy, byTestId, clear, h, showView, timeElement } from "../../views/dom.js";

const NONE = "No passkey yet: you sign in with the code from your authenticator.";
const NEVER = "never used";
const LAST_REQUIRED =
  "It is your last passkey and the office requires one: you could not sign in again. If you lose every passkey, the operator gives you a new invitation and a colleague grants you the office key again.";
const LAST = "It is your last passkey: you will sign in with the code from your authenticator again.";
const UNLOCK_RISK =
  "Then anyone who holds this passkey and can unlock it (its PIN, your fingerprint) can sign in as you and read every case, without your password. Keep it as you would keep your password; you can stop this at any time.";
const UNLOCKS = " · unlocks your keys";
const NO_PRF = "This passkey cannot unlock your keys: its authenticator does not offer the PRF extension. It still replaces the code.";

export class PasskeysTab {
  constructor(app) {
    this.app = app;
    this.list = byTestId("passkey-list");
    this.required = false;
    app.on("nav-passkeys", "click", () => this.show());
    app.on("passkey-form", "submit", () => this.add());
  }

  /** Lists this member's passkeys; with `required`, the office asks for one before anything else. */
  async show({ required = false } = {}) {
    const { api, status } = this.app;
    if (!required) this.app.tab("nav-passkeys");
    byTestId("passkey-required").hidden = !required;
    const { items, required: officeRequires } = await api.get("/passkeys");
    this.required = officeRequires;
    this.render(items);
    status.clear();
    showView("passkeys");
    if (required) byTestId("passkey-name").focus();
  }

  render(items) {
    clear(this.list);
    if (items.length === 0) this.list.append(h("li", { class: "hint", "data-testid": "passkey-none" }, NONE));
    for (const item of items) {
      const remove = h("button", { type: "button", class: "danger-outline", "data-testid": "passkey-remove" }, "Remove");
      remove.addEventListener("click", () => busy(remove, () => this.app.run(() => this.remove(item, items.length, remove))));
      const used = item.last_used_at ? ["last used ", timeElement(item.last_used_at)] : [NEVER];
      const unlock = item.unlocks
        ? h("button", { type: "button", "data-testid": "passkey-unlock-stop" }, "Stop unlocking with it")
        : h("button", { type: "button", "data-testid": "passkey-unlock" }, "Also unlock my keys with it (no password)");
      const toggle = () => (item.unlocks ? this.stopUnlock(item) : this.unlock(item, unlock));
      unlock.addEventListener("click", () => busy(unlock, () => this.app.run(toggle)));
      this.list.append(
        h(
          "li",
          { "data-testid": "passkey-item", "data-passkey-id": item.passkey_id },
          h("p", {}, h("strong", {}, item.name), item.unlocks ? h("span", { "data-testid": "passkey-unlocks" }, UNLOCKS) : null),
          h("p", { class: "hint" }, "Added ", timeElement(item.created_at), ", ", ...used),
          h("div", { class: "actions" }, unlock, remove),
        ),
      );
    }
  }

  async add() {
    const { api, office, status } = this.app;
    const nameField = byTestId("passkey-name");
    const name = nameField.value.trim() || "Passkey";
    status.progress("Follow your browser's prompt to create the passkey…");
    await registerPasskey(api, office, name);
    nameField.value = "";
    if (!byTestId("passkey-required").hidden) {
      // The office's requirement is met: the rest of the office opens.
      byTestId("member-nav").hidden = false;
      await this.app.inbox.show();
    } else {
      await this.show();
    }
    status.progress(`Passkey "${name}" registered: use it instead of the code when you sign in.`);
  }

  /**
   * Lets this passkey unlock the member's keys (docs/passkeys.md): its PRF output, for the office
   * and username, seals the bundle a second time; the server keeps what it cannot open.
   */
  async unlock(item, button) {
    const { api, office, member, status } = this.app;
    const ok = await confirmStep(button, {
      testId: "passkey-unlock-confirm",
      question: `Sign in with "${item.name}" alone, without your password?`,
      detail: UNLOCK_RISK,
      yes: "Yes, unlock with it",
      danger: false,
    });
    if (!ok) return;
    status.progress("Follow your browser's prompt to use the passkey…");
    const salt = prfSalt(office.id, member.username);
    const challenge = b64uEncode(crypto.getRandomValues(new Uint8Array(32))); // (only the PRF output is used)
    const { prf } = await passkeyUnlock(office, { challenge, salt, credentialId: item.credential_id });
    if (!prf) throw Object.assign(new Error("no prf"), { userMessage: NO_PRF });
    try {
      const wrapped = wrapForPasskey(member.keyring.bundle, prf, member.memberId);
      await api.request("PUT", `/passkeys/${encodeURIComponent(item.passkey_id)}/unlock`, { wrapped });
    } finally {
      prf.fill(0);
    }
    await this.show();
    status.progress(`"${item.name}" now unlocks your keys: "Sign in with a passkey alone" on the sign-in page.`);
  }

  async stopUnlock(item) {
    await this.app.api.request("DELETE", `/passkeys/${encodeURIComponent(item.passkey_id)}/unlock`);
    await this.show();
    this.app.status.progress(`"${item.name}" no longer unlocks your keys.`);
  }

  async remove(item, count, button) {
    const last = count === 1;
    const ok = await confirmStep(button, {
      testId: "passkey-remove-confirm",
      question: `Remove the passkey "${item.name}"?`,
      detail: last ? (this.required ? LAST_REQUIRED : LAST) : "It will no longer sign you in. Your other passkeys still do.",
      yes: "Remove it",
    });
    if (!ok) return;
    await this.app.api.request("DELETE", `/passkeys/${encodeURIComponent(item.passkey_id)}`);
    await this.show();
    this.app.status.progress(`Passkey "${item.name}" removed.`);
  }

  clear() {
    clear(this.list);
    byTestId("passkey-required").hidden = true;
  }
}
