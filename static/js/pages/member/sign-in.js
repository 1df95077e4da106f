// Signing in (member app): username, password and a TOTP code. The password derives the keys in
// a worker (PROTOCOL.md section 6); the session's answer carries the wrapped bundle and the office
// key grants, opened here into the member's keyring.

import { b64uDecode, unwrapBundle } from "../../crypto/index.js";
import { Keyring } from "../../models/keyring.js";
import { wipe } from "../../models/wipe.js";
import { derivePasswordKeys, timed } from "../../models/work.js";
import { byTestId } from "../../views/dom.js";

const TOTP = /^[0-9]{6}$/;
const SALT_BYTES = 16;
const SECRET_FIELDS = ["password", "totp"];
const INCOMPLETE = "Enter your username, your password and the six-digit code from your authenticator.";

export class SignIn {
  constructor(app) {
    this.app = app;
    app.on("member-signin-form", "submit", () => this.signIn());
  }

  async signIn() {
    const { api, status, office, session } = this.app;
    const username = field("username").value.trim();
    const password = field("password").value;
    const totp = field("totp").value.trim();
    if (!username || !password || !TOTP.test(totp)) {
      status.error(INCOMPLETE);
      return;
    }
    status.progress("Deriving your keys from your password… this takes a few seconds.");
    await office.load();
    const fields = { role: "member", username };
    const challenge = await api.post("/auth/challenge", fields);
    const [derived, ms] = await timed(() => derivePasswordKeys(password, b64uDecode(challenge.salt, SALT_BYTES), challenge.kdf));
    byTestId("member-kdf-timing").textContent = `Keys derived in ${ms} ms.`;
    try {
      status.progress("Signing in…");
      const answer = await session.answer(office.id, challenge.challenge, derived.authSeed, { ...fields, totp });
      const bundle = unwrapBundle(answer.bundle, derived.wrappingKey, answer.member_id);
      this.app.member = { memberId: answer.member_id, keyring: new Keyring(bundle, answer.office_grants) };
    } catch (err) {
      await api.signOut(); // signed in on the server, but the keys did not open: end that session
      throw err;
    } finally {
      wipe(derived);
    }
    this.clear();
    byTestId("member-nav").hidden = false;
    session.begin(office.limits);
    await this.app.inbox.show();
  }

  /** Empties the password and code fields (signed in, or signing out). */
  clear() {
    SECRET_FIELDS.forEach((name) => {
      field(name).value = "";
    });
  }
}

function field(name) {
  return byTestId(`member-${name}`);
}
