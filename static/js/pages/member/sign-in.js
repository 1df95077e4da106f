// Signing in (member app): username, password and a TOTP code. The password derives the keys in
// a worker (PROTOCOL.md section 6); the session's answer carries the wrapped bundle and the office
// key grants, opened here into the member's keyring; then the office's signed key log is checked
// against this member's pin before anything is shown.

import {
  b64uDecode,
  memberFingerprint,
  MemberRecord,
  memberPinCase,
  prfSalt,
  unwrapBundle,
  unwrapWithPasskey,
} from "../../crypto/index.js";
import { Keyring } from "../../models/keyring.js";
import { passkeyAnswer, passkeyUnlock } from "../../models/passkeys.js";
import { NO_PIN, PinKeeper } from "../../models/pins.js";
import { wipe } from "../../models/wipe.js";
import { derivePasswordKeys, timed } from "../../models/work.js";
import { confirmFingerprint } from "../../views/confirm-log.js";
import { byTestId, showView } from "../../views/dom.js";

const TOTP = /^[0-9]{6}$/;
const SALT_BYTES = 16;
const SECRET_FIELDS = ["password", "totp"];
const INCOMPLETE = "Enter your username, your password and the six-digit code from your authenticator (or use a passkey).";
const NO_USERNAME = "Enter your username: your passkey finds the rest.";
const NO_PRF = "This passkey cannot unlock your keys (its authenticator lacks the PRF extension): sign in with your password.";
const STOPPED = "You stopped before anything was shown, and are signed out. Tell your colleagues another way that the fingerprint differs.";
const NOT_STARTED = "The office's signed key log is not started yet, and you are signed out. Sign in again to start it.";
const WAIT_FOR_LOG = "The office's signed key log is not started yet: a colleague holding the office key must sign in first. You are signed out.";

export class SignIn {
  constructor(app) {
    this.app = app;
    app.on("member-signin-form", "submit", () => this.signIn());
    app.on("member-signin-passkey", "click", () => this.signInWithPasskey());
    app.on("member-signin-unlock", "click", () => this.signInWithPasskeyAlone());
  }

  /** With the TOTP code as the second factor. */
  async signIn() {
    const totp = field("totp").value.trim();
    if (!TOTP.test(totp)) {
      this.app.status.error(INCOMPLETE);
      return;
    }
    await this.withSecondFactor(async () => ({ totp }));
  }

  /** With a passkey as the second factor: it signs the same challenge, bound to this portal's origin. */
  async signInWithPasskey() {
    await this.withSecondFactor(async (challenge) => ({ passkey: await passkeyAnswer(this.app.office, challenge) }));
  }

  /**
   * With a passkey alone (docs/passkeys.md): it answers the challenge with its user verified,
   * and its PRF output unseals the member's keys, which the server sends sealed; no password.
   */
  async signInWithPasskeyAlone() {
    const { api, status, office, session } = this.app;
    const username = field("username").value.trim();
    if (!username) {
      status.error(NO_USERNAME);
      return;
    }
    await office.load();
    const fields = { role: "member", username };
    const challenge = await api.post("/auth/challenge", fields);
    const salt = prfSalt(office.id, username);
    const { answer: passkey, prf } = await passkeyUnlock(office, { challenge: challenge.challenge, salt });
    if (!prf) throw Object.assign(new Error("no prf"), { userMessage: NO_PRF });
    try {
      status.progress("Signing in…");
      const answer = await api.post("/auth/session", { ...fields, challenge: challenge.challenge, passkey, unlock: true });
      api.token = answer.token;
      const bundle = unwrapWithPasskey(answer.unlock, prf, answer.member_id);
      this.app.member = { memberId: answer.member_id, username, keyring: new Keyring(bundle, answer.office_grants) };
    } catch (err) {
      await api.signOut();
      throw err;
    } finally {
      prf.fill(0);
    }
    await this.enter({ passkey_required: false });
  }

  /**
   * Username and password derive the keys; `second(challenge)` gives the second factor's fields
   * ({totp} or {passkey}); then the office log is checked before anything is shown.
   */
  async withSecondFactor(second) {
    const { api, status, office, session } = this.app;
    const username = field("username").value.trim();
    const password = field("password").value;
    if (!username || !password) {
      status.error(INCOMPLETE);
      return;
    }
    status.progress("Deriving your keys from your password… this takes a few seconds.");
    await office.load();
    const fields = { role: "member", username };
    const challenge = await api.post("/auth/challenge", fields);
    const [derived, ms] = await timed(() => derivePasswordKeys(password, b64uDecode(challenge.salt, SALT_BYTES), challenge.kdf));
    byTestId("member-kdf-timing").textContent = `Keys derived in ${ms} ms.`;
    let answer;
    try {
      const factor = await second(challenge.challenge);
      status.progress("Signing in…");
      answer = await session.answer(office.id, challenge.challenge, derived.authSeed, { ...fields, ...factor });
      const bundle = unwrapBundle(answer.bundle, derived.wrappingKey, answer.member_id);
      this.app.member = { memberId: answer.member_id, username, keyring: new Keyring(bundle, answer.office_grants) };
    } catch (err) {
      await api.signOut(); // signed in on the server, but the keys did not open: end that session
      throw err;
    } finally {
      wipe(derived);
    }
    await this.enter(answer);
  }

  /** Signed in: the office log checked, then the office (or, if it requires one, a passkey first). */
  async enter(answer) {
    const { office, session, member } = this.app;
    this.clear();
    // What a colleague compares before granting the office key (the fingerprint covers no name).
    const { signPk, boxPk } = member.keyring.bundle;
    byTestId("own-member-fingerprint").textContent = memberFingerprint(new MemberRecord(member.memberId, "", signPk, boxPk));
    if (!(await this.trustLog())) return;
    session.begin(office.limits);
    // The office requires a passkey and this member has none: registering one comes first.
    if (answer.passkey_required) {
      await this.app.passkeys.show({ required: true });
      return;
    }
    byTestId("member-nav").hidden = false;
    await this.app.inbox.show();
  }

  /**
   * Before anything is shown: the office log verified (started here if a v1 office has none and
   * this member holds its key), the keyring cut to the keys it names, and this member's pin
   * checked and stored anew. False (signed out, with the reason shown) if the page must stop.
   */
  async trustLog() {
    const { api, office, member, session, status } = this.app;
    if (office.log === null && !(await this.startLog())) return false;
    const log = office.log;
    member.keyring.trust(log);
    const { signSeed, signPk, boxSk, boxPk } = member.keyring.bundle; // the pin is sealed to this member alone
    const keys = { signSeed, signPk, boxSk, boxPk };
    const pins = new PinKeeper(api, { path: "/office/pin", caseId: memberPinCase(member.memberId), keys });
    const found = await pins.check(log);
    // A log whose first entry this member signed needs no one's word; any other, a first time, does.
    if (found === NO_PIN && !office.startedBy(member.memberId) && !(await confirmFingerprint(log))) {
      await session.end();
      showView("signin");
      status.error(STOPPED);
      return false;
    }
    await pins.store(log);
    member.pins = pins;
    return true;
  }

  /** A v1 office's log, started by this member if they hold the current key; false if not started. */
  async startLog() {
    const { member, office, session, status } = this.app;
    if (!member.keyring.hasOfficeKey || !(await this.app.startLog.ask())) {
      await session.end();
      showView("signin");
      status.error(member.keyring.hasOfficeKey ? NOT_STARTED : WAIT_FOR_LOG);
      return false;
    }
    return office.log !== null;
  }

  /** Empties the password and code fields (signed in, or signing out). */
  clear() {
    SECRET_FIELDS.forEach((name) => {
      field(name).value = "";
    });
    if (!this.app.member) byTestId("own-member-fingerprint").textContent = ""; // (signing out)
  }
}

function field(name) {
  return byTestId(`member-${name}`);
}
