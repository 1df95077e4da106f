// Enrolment at /office/enrol#TOKEN: the invitation token is read from the fragment (never sent
// in a URL) and removed from the address bar; the authenticator QR code is drawn here, from
// our own copy of lean-qr; the password derives the member's keys in a worker (section 6).

import * as proto from "../../crypto/index.js";
import { generate } from "../../../vendor/lean-qr.mjs";
import { Api } from "../../models/api.js";
import { MIN_SCORE, preload, rate, SCORE_WORDS, WHY } from "../../models/strength.js";
import { wipe } from "../../models/wipe.js";
import { derivePasswordKeys, timed } from "../../models/work.js";
import { userActions } from "../../views/actions.js";
import { byTestId, h, showView } from "../../views/dom.js";
import { Status } from "../../views/status.js";

const USERNAME = /^[a-z0-9][a-z0-9._-]{2,31}$/;
const TOTP = /^[0-9]{6}$/;
const SALT_BYTES = 16;
const QR_COLOURS = { on: [0, 0, 0, 255], off: [255, 255, 255, 255], pad: 4 };
const SECRET_GROUP = /.{1,4}/g;
const FIELDS = ["username", "display-name", "password", "confirm", "totp"];

const api = new Api();
const status = new Status();
const field = (name) => byTestId(`enrol-${name}`);

let token = null;
let invitation = null; // the POST /enrol/start answer

/** The token from the fragment, which is then dropped from the address bar and history entry. */
function takeToken() {
  const value = location.hash.slice(1);
  history.replaceState(null, "", location.pathname);
  return value;
}

function showInvitation() {
  generate(invitation.otpauth_uri).toCanvas(byTestId("totp-qr"), QR_COLOURS);
  byTestId("totp-secret").textContent = invitation.totp_secret.match(SECRET_GROUP).join(" ");
  showView("form");
}

async function showStrength() {
  const password = field("password").value;
  const meter = byTestId("password-meter");
  const text = byTestId("password-strength");
  text.dataset.hint ??= text.textContent;
  if (!password) {
    meter.value = 0;
    text.textContent = text.dataset.hint;
    return;
  }
  const { score, ok, words, advice } = await rate(password, userInputs());
  if (field("password").value !== password) return; // typed on meanwhile
  meter.value = score;
  text.textContent = `Strength: ${words} (${score} of 4). ${ok ? "" : `At least “${SCORE_WORDS[MIN_SCORE]}” is needed. `}${advice}`;
}

function userInputs() {
  return [field("username").value, field("display-name").value, "sottovoce", "ombuds", document.title];
}

/** Every problem with the form, as [field, message] pairs, in the form's order (none: []). */
async function problems() {
  const found = [];
  if (!USERNAME.test(field("username").value)) {
    found.push(["username", "The username must be 3 to 32 lowercase letters, digits, dots, dashes or underscores."]);
  }
  if (!field("display-name").value.trim()) found.push(["display-name", "Please give a display name."]);
  const strength = await rate(field("password").value, userInputs());
  if (!strength.ok) found.push(["password", `This password is ${strength.words}. ${WHY} ${strength.advice}`.trim()]);
  if (field("password").value !== field("confirm").value) found.push(["confirm", "The two passwords differ."]);
  if (!TOTP.test(field("totp").value.trim())) found.push(["totp", "The authenticator code is six digits."]);
  return found;
}

/**
 * Shows each problem beside its field, all at once (not one per try), with a summary in the
 * error line; the first such field takes the focus. Fields put right lose their errors.
 */
function showProblems(found) {
  for (const name of FIELDS) {
    const problem = found.find(([where]) => where === name);
    const el = field(name);
    const note = fieldError(name);
    note.textContent = problem?.[1] ?? "";
    note.hidden = !problem;
    if (problem) el.setAttribute("aria-invalid", "true");
    else el.removeAttribute("aria-invalid");
  }
  if (found.length === 0) return;
  status.error(found.length === 1 ? found[0][1] : `${found.length} fields need changing: each says why below it.`);
  // Once the form is enabled again: it is held disabled (views/actions.js) while this runs.
  setTimeout(() => field(found[0][0]).focus());
}

/** The error line under a field, made once and named in its aria-describedby. */
function fieldError(name) {
  const id = `enrol-${name}-error`;
  let note = document.getElementById(id);
  if (note === null) {
    note = h("span", { id, class: "field-error", "data-testid": id, hidden: true });
    const input = field(name);
    input.closest(".field").append(note);
    input.setAttribute("aria-describedby", [input.getAttribute("aria-describedby"), id].filter(Boolean).join(" "));
  }
  return note;
}

async function finish() {
  const found = await problems();
  showProblems(found);
  if (found.length > 0) return;
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  status.progress("Deriving keys from your password… this takes a few seconds.");
  const [derived, ms] = await timed(() => derivePasswordKeys(field("password").value, salt, invitation.member_kdf));
  status.progress(`Keys derived in ${ms} ms. Sealing your key bundle…`);
  const bundle = proto.newBundle();
  const officeKey = invitation.first ? proto.newOfficeKey() : null;
  try {
    const b64u = proto.b64uEncode;
    const body = {
      token,
      member_id: invitation.member_id,
      username: field("username").value,
      display_name: field("display-name").value.trim(),
      salt: b64u(salt),
      auth_pk: b64u(derived.authPk),
      sign_pk: b64u(bundle.signPk),
      box_pk: b64u(bundle.boxPk),
      bundle: proto.wrapBundle(bundle, derived.wrappingKey, invitation.member_id),
      totp: field("totp").value.trim(),
    };
    let genesis = null;
    if (officeKey) {
      // The first member draws the office key; it leaves this page only sealed to their own box key.
      body.office_key = { box_pk: b64u(officeKey.boxPk), grant: proto.sealGrant(officeKey.boxSk, bundle.boxPk) };
      genesis = await firstEntry(body, bundle, officeKey.boxPk);
      body.log_entry = genesis.toJSON();
    }
    const done = await api.post("/enrol/finish", body);
    showDone(done, record(body, bundle), genesis);
  } finally {
    wipe(derived, bundle, officeKey);
  }
}

/** The member as the office log names them: the display name as the server keeps it (NFKC, single spaces). */
function record(body, bundle) {
  const name = body.display_name.normalize("NFKC").split(/\s+/u).filter(Boolean).join(" ");
  return new proto.MemberRecord(body.member_id, name, bundle.signPk, bundle.boxPk);
}

/**
 * The office log's first entry (docs/protocol/v2.md section 3.2), signed here by the first
 * member: the office, this member, the key just drawn, the key-derivation parameters.
 */
async function firstEntry(body, bundle, officeBoxPk) {
  const office = await api.get("/office");
  const settings = new proto.LogSettings(office.visitor_kdf, office.member_kdf, false);
  const at = Math.floor(Date.now() / 1000);
  const keys = [new proto.KeyVersion(1, officeBoxPk)];
  const genesis = proto.genesisBody(office.office_id, at, office.name, [record(body, bundle)], [], keys, settings);
  return proto.makeEntry(genesis, [[body.member_id, bundle.signSeed]]);
}

function showDone(done, member, genesis) {
  ["password", "confirm", "totp"].forEach((name) => {
    field(name).value = "";
  });
  token = null;
  byTestId("done-granted").textContent = done.granted
    ? "You hold the office key: you can sign in and read the office's cases."
    : "You can sign in now. A colleague must still grant you the office key before you can read cases.";
  byTestId("done-member-fingerprint").textContent = proto.memberFingerprint(member);
  if (genesis) {
    // What the office publishes so that visitors can check the portal: it never changes.
    const fingerprint = proto.officeFingerprint(genesis.hash);
    const link = `${location.origin}/#fp=${fingerprint.replaceAll(" ", "")}`;
    byTestId("done-office-fingerprint").textContent = fingerprint;
    byTestId("done-office-short-code").textContent = proto.shortCode(genesis.hash);
    byTestId("done-office-link").textContent = link;
    generate(link).toCanvas(byTestId("done-office-qr"), QR_COLOURS);
    byTestId("done-office-key").hidden = false;
  }
  status.clear();
  showView("done");
}

async function main() {
  token = takeToken();
  await proto.ready();
  if (!token) {
    showView("no-invitation");
    return;
  }
  try {
    invitation = await api.post("/enrol/start", { token });
  } catch (err) {
    byTestId("loading-text").textContent = "This invitation cannot be used.";
    status.error(err);
    return;
  }
  showInvitation();
  preload().catch((err) => status.error(err));
  field("password").addEventListener("input", () => showStrength().catch((err) => status.error(err)));
  userActions((err) => status.error(err)).on("enrol-form", "submit", finish);
  document.body.dataset.ready = "true";
}

main().catch((err) => status.error(err));
