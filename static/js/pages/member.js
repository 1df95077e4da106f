// The member app at /office/: sign in (password-derived key, TOTP), the inbox, a case's thread,
// members waiting for the office key. One document; keys live in `keyring` only and are
// overwritten on sign-out; nothing is written to storage, cookies or the URL.

import * as proto from "../crypto/index.js";
import { Api } from "../ui/api.js";
import { CaseList, shortId } from "../ui/case-list.js";
import { dismissConfirms } from "../ui/confirm.js";
import { DestructionLog } from "../ui/destruction-log.js";
import { busy, byTestId, showView } from "../ui/dom.js";
import { GuidanceEditor } from "../ui/guidance-editor.js";
import { forgetOnLeave, IdleTimeout, idleMinutes } from "../ui/idle.js";
import { Keyring } from "../ui/keyring.js";
import { Live } from "../ui/live.js";
import { MemberList } from "../ui/member-list.js";
import { PendingList } from "../ui/pending-list.js";
import { RetentionView } from "../ui/retention-view.js";
import { answerChallenge, wipe } from "../ui/session.js";
import { Status } from "../ui/status.js";
import { TemplateStore } from "../ui/templates.js";
import { nowSeconds, Thread } from "../ui/thread.js";
import { ThreadView } from "../ui/thread-view.js";
import { TraceView } from "../ui/trace-view.js";
import { derivePasswordKeys, timed } from "../ui/work.js";
import { WriteBox } from "../ui/write-box.js";

const VISITOR = "Visitor";
const FORMER_MEMBER = "Former member";
const THE_VISITOR = "the visitor"; // in "Opened by the visitor"
const IDLE_ENDED = "You were signed out after a while without activity; the page has forgotten your keys and every case. Please sign in again.";
const SESSION_ENDED = "Your session has ended. Please sign in again.";
const NO_CURRENT_KEY = "You do not hold the current office key yet: a colleague must grant it to you.";
const CASE_DESTROYED = "The case and everything in it are destroyed.";
const CASE_GONE = "This case no longer exists: it has been destroyed, with everything in it.";

const api = new Api();
const status = new Status();
const threadView = new ThreadView(byTestId("view-thread"), status, (err) => failed(err));
const caseList = new CaseList(byTestId("view-inbox"), (item) => run(() => openCase(item.case_id)));
const pendingList = new PendingList(byTestId("view-pending"), (member) => run(() => grant(member)));
const memberList = new MemberList(byTestId("view-pending"), (member) => run(() => removeMember(member)));
const field = (name) => byTestId(`member-${name}`);
// The write box's choices (kind, lifetime, view once, templates); a send moves the retention on.
const writeBox = new WriteBox(byTestId("view-thread"), status, () => showCaseRecord(threadView.thread?.caseId));
threadView.composer = writeBox;
const retentionView = new RetentionView(byTestId("retention"), {
  role: "member",
  api,
  status,
  onDestroyed: () => caseDestroyed(),
  onError: (err) => failed(err),
});
const traceView = new TraceView(byTestId("view-trace"), {
  api,
  status,
  nameOf: (by) => viewerName(by),
  onOpenCase: (caseId) => run(() => openCase(caseId)),
});
const idle = new IdleTimeout(() => idleSignOut());
const destructionLog = new DestructionLog(byTestId("view-destructions"));
const guidanceEditor = new GuidanceEditor(byTestId("view-guidance"), { api, status, onError: (err) => failed(err) });
// Live: an event names a case that changed; the inbox and the open thread ask the API what.
const live = new Live(byTestId("live-indicator"), {
  catchUp: () => (threadView.thread ? threadView.update() : refreshInbox(true)),
  events: {
    message: (event) => caseChanged(event.case_id),
    expired: (event) => {
      if (threadView.thread?.caseId === event.case_id) threadView.remove(event.id);
      refreshInbox();
    },
    viewed: (event) => threadView.thread?.caseId === event.case_id && threadView.refreshViews?.(event.id),
  },
});

let office = null; // GET /office, refreshed before each listing
let memberId = null;
let keyring = null;
let inboxLoads = 0; // only the latest load of the case list is shown

async function loadOffice() {
  office = await api.get("/office");
  // The office key was rotated (a member removed): take the new version from this member's grants.
  const version = office.office_key?.version;
  if (keyring && version !== undefined && !keyring.version(version)) {
    const { items } = await api.get("/office/grants");
    keyring?.add(items);
  }
}

/** Who opened an item, or sent it, as the server names them: "visitor" or a member id. */
function viewerName(by) {
  if (by === "visitor") return THE_VISITOR;
  return office?.members.find((m) => m.member_id === by)?.display_name ?? FORMER_MEMBER;
}

/** The current office key, from the member's own grant (never the server's word alone). */
function currentOfficeKey() {
  const held = keyring?.version(office.office_key?.version);
  if (!held) throw Object.assign(new Error("no current key"), { userMessage: NO_CURRENT_KEY });
  return held;
}

// --- Signing in ---------------------------------------------------------------------------

async function signIn() {
  const username = field("username").value.trim();
  const password = field("password").value;
  const totp = field("totp").value.trim();
  if (!username || !password || !/^[0-9]{6}$/.test(totp)) {
    status.error("Enter your username, your password and the six-digit code from your authenticator.");
    return;
  }
  status.progress("Deriving your keys from your password… this takes a few seconds.");
  await loadOffice();
  const fields = { role: "member", username };
  const challenge = await api.post("/auth/challenge", fields);
  const [derived, ms] = await timed(() => derivePasswordKeys(password, proto.b64uDecode(challenge.salt, 16), challenge.kdf));
  byTestId("member-kdf-timing").textContent = `Keys derived in ${ms} ms.`;
  try {
    status.progress("Signing in…");
    const session = await answerChallenge(api, office.office_id, challenge.challenge, derived.authSeed, { ...fields, totp });
    const bundle = proto.unwrapBundle(session.bundle, derived.wrappingKey, session.member_id);
    memberId = session.member_id;
    keyring = new Keyring(bundle, session.office_grants);
  } catch (err) {
    await api.signOut(); // signed in on the server, but the keys did not open: end that session
    throw err;
  } finally {
    wipe(derived);
  }
  ["password", "totp"].forEach((name) => {
    field(name).value = "";
  });
  byTestId("member-nav").hidden = false;
  idle.start(idleMinutes(office));
  live.start(api.token);
  await showInbox();
}

// --- Cases --------------------------------------------------------------------------------

async function showInbox() {
  selectTab("nav-cases");
  leaveThread();
  await loadOffice(); // takes a grant received since signing in, so a newly granted member reads at once
  byTestId("no-grant-notice").hidden = keyring.hasOfficeKey;
  status.progress("Loading cases…");
  const load = ++inboxLoads;
  const { items } = await api.get("/cases");
  if (load === inboxLoads) caseList.show(items);
  status.clear();
  showView("inbox");
}

/** Live: a case changed; its thread, if open, and the inbox, if shown, catch up. */
function caseChanged(caseId) {
  if (threadView.thread?.caseId === caseId) threadView.update();
  refreshInbox();
}

/**
 * Reloads the case list (newest activity first) while the inbox is shown, or always when
 * `anyView` (a catch-up: the listing also tells whether the session still holds).
 */
async function refreshInbox(anyView = false) {
  const inbox = byTestId("view-inbox");
  if (!keyring || (inbox.hidden && !anyView)) return;
  const load = ++inboxLoads;
  await run(async () => {
    const { items } = await api.get("/cases");
    if (load === inboxLoads && keyring) caseList.show(items); // (a hidden list is harmless)
  });
}

async function openCase(caseId) {
  if (!keyring.hasOfficeKey) throw Object.assign(new Error("no key"), { userMessage: NO_CURRENT_KEY });
  status.progress("Opening the case…");
  const info = await retentionView.load(caseId); // (the retention part of the thread view)
  const visitorSignPk = proto.b64uDecode(info.visitor_sign_pk, 32);
  const visitorBoxPk = proto.b64uDecode(info.visitor_box_pk, 32);
  const ring = keyring;
  const thread = new Thread({
    api,
    caseId,
    prepare: async () => {
      await loadOffice();
      writeBox.setLimits(office.limits);
      await showCaseRecord(caseId); // status and retention, which activity moves on
    },
    open: (envelope) => {
      const senders = [visitorSignPk, ...office.members.map((m) => proto.b64uDecode(m.sign_pk))];
      return proto.openEnvelope(envelope, ring.secretKeyFor(envelope), senders, caseId);
    },
    self: memberId,
    reader: viewerName(memberId), // on the watermark: this member's display name
    nameOf: viewerName,
    seal: (payload, { kind = "message", ttl = null, viewOnce = false, keep = false } = {}) =>
      proto.sealEnvelope(payload, {
        caseId,
        kind,
        senderSeed: ring.bundle.signSeed,
        recipientBoxPks: [currentOfficeKey().pk, visitorBoxPk],
        sentAt: nowSeconds(),
        ttl,
        viewOnce,
        keep,
      }),
    sender: (signPk) => {
      if (signPk === info.visitor_sign_pk) return { label: VISITOR, mine: false };
      const member = office.members.find((m) => m.sign_pk === signPk);
      return { label: member?.display_name ?? FORMER_MEMBER, mine: member?.member_id === memberId };
    },
  });
  byTestId("thread-title").textContent = `Case ${shortId(caseId)}`;
  showView("thread");
  await threadView.attach(thread);
  status.clear();
  await run(() => writeBox.loadTemplates(templateStore()));
}

/** Shows the open case's status and retention (GET /cases/{id}), if it is still the one shown. */
async function showCaseRecord(caseId) {
  if (!caseId) return;
  await retentionView.load(caseId, () => threadView.thread?.caseId === caseId);
}

async function caseDestroyed() {
  await showInbox();
  status.progress(CASE_DESTROYED);
}

/** Leaves the open case: its items, drafts, record and any pending confirmation go. */
function leaveThread() {
  dismissConfirms();
  threadView.detach();
  retentionView.hide();
}

// --- Guidance: templates, public pages; the destruction log -------------------------------

/**
 * The office's templates: sealed to the current office key alone, with the office id as their
 * case, signed by a member (current or former), and of kind "template".
 */
function templateStore() {
  const ring = keyring;
  return new TemplateStore({
    api,
    open: (envelope) => {
      const senders = office.members.map((m) => proto.b64uDecode(m.sign_pk));
      const opened = proto.openEnvelope(envelope, ring.secretKeyFor(envelope), senders, office.office_id);
      if (opened.header.kind !== "template") throw new proto.EnvelopeError("not a template");
      return opened;
    },
    seal: (payload) =>
      proto.sealEnvelope(payload, {
        caseId: office.office_id,
        kind: "template",
        senderSeed: ring.bundle.signSeed,
        recipientBoxPks: [currentOfficeKey().pk],
        sentAt: nowSeconds(),
        ttl: null,
      }),
  });
}

async function showGuidance() {
  selectTab("nav-guidance");
  leaveThread();
  status.progress("Loading guidance pages…");
  await guidanceEditor.show();
  status.clear();
  showView("guidance");
}

async function showDestructions() {
  selectTab("nav-destructions");
  leaveThread();
  status.progress("Loading…");
  const { items } = await api.get("/destructions");
  destructionLog.show(items);
  status.clear();
  showView("destructions");
}

/** Trace a leak: a pasted passage or a code read off a copy → which view of which item. */
function showTrace() {
  selectTab("nav-trace");
  leaveThread();
  status.clear();
  showView("trace");
}

// --- Members: granting the office key, removing a member ---------------------------------

async function showPending() {
  selectTab("nav-pending");
  leaveThread();
  status.progress("Loading…");
  await loadOffice();
  const { items } = await api.get("/members/pending");
  pendingList.show(items.filter((m) => m.member_id !== memberId));
  memberList.show(keyHolders(items), memberId);
  status.clear();
  showView("pending");
}

/** The office's active members who hold the current key: all but those waiting (`pending`). */
function keyHolders(pending) {
  const waiting = new Set(pending.map((m) => m.member_id));
  return office.members.filter((m) => m.active && !waiting.has(m.member_id));
}

/**
 * Removes a colleague: a new office key is drawn here and sealed to every member who holds the
 * current one, except the one removed; the server swaps both in one step (portal/members/removal.py).
 */
async function removeMember(member) {
  await loadOffice();
  currentOfficeKey(); // only a holder of the current key can rotate it (the server checks too)
  const { items: pending } = await api.get("/members/pending");
  const holders = keyHolders(pending).filter((m) => m.member_id !== member.member_id);
  const fresh = proto.getSodium().crypto_box_keypair();
  try {
    const grants = holders.map((m) => ({ member_id: m.member_id, grant: proto.sealGrant(fresh.privateKey, proto.b64uDecode(m.box_pk, 32)) }));
    const version = office.office_key.version + 1;
    await api.post(`/members/${encodeURIComponent(member.member_id)}/remove`, {
      office_key: { version, box_pk: proto.b64uEncode(fresh.publicKey), grants },
    });
  } finally {
    fresh.privateKey.fill(0); // this member takes the new key from its own grant, like the others
  }
  await showPending();
  status.progress(`${member.display_name} has been removed and can no longer sign in. A new office key is in use; give visitors its fingerprint.`);
}

async function grant(member) {
  await loadOffice();
  const key = currentOfficeKey();
  const sealed = proto.sealGrant(key.sk, proto.b64uDecode(member.box_pk, 32));
  await api.post("/office/grants", { member_id: member.member_id, version: office.office_key.version, grant: sealed });
  await showPending();
  status.progress(`${member.display_name} now holds the office key.`);
}

// --- Signing out and wiring ---------------------------------------------------------------

/** Left alone too long: signed out as by the button, keys and cases wiped. */
async function idleSignOut() {
  await signOut();
  showView("signin");
  status.error(IDLE_ENDED);
}

async function signOut() {
  idle.stop();
  live.stop();
  leaveThread();
  traceView.clear();
  writeBox.clear();
  guidanceEditor.clear();
  destructionLog.clear();
  caseList.clear();
  pendingList.clear();
  memberList.clear();
  keyring?.wipe();
  keyring = null;
  memberId = null;
  byTestId("member-nav").hidden = true;
  ["password", "totp"].forEach((name) => {
    field(name).value = "";
  });
  await api.signOut();
}

function selectTab(testId) {
  for (const tab of byTestId("member-nav").querySelectorAll("button[data-testid^=nav-]")) {
    if (tab.dataset.testid === testId) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
}

/** Runs a user action; any error is shown to the person as the API's message. */
async function run(action) {
  try {
    await action();
  } catch (err) {
    await failed(err);
  }
}

async function failed(err) {
  if (err.status === 401 && keyring) {
    await signOut();
    showView("signin");
    status.error(SESSION_ENDED);
  } else if (err.code === "case_not_found" && threadView.thread) {
    // Destroyed meanwhile (by the visitor, a colleague or its retention): nothing left to show.
    await showInbox().catch(() => {});
    status.error(CASE_GONE);
  } else {
    status.error(err);
  }
}

function on(testId, event, action) {
  const el = byTestId(testId);
  el.addEventListener(event, (e) => {
    if (event === "submit") e.preventDefault();
    busy(el, () => run(action));
  });
}

async function main() {
  await proto.ready();
  on("member-signin-form", "submit", signIn);
  on("nav-cases", "click", showInbox);
  on("nav-pending", "click", showPending);
  on("nav-trace", "click", showTrace);
  on("nav-guidance", "click", showGuidance);
  on("nav-destructions", "click", showDestructions);
  on("destructions-refresh", "click", showDestructions);
  on("inbox-refresh", "click", showInbox);
  on("back-to-inbox", "click", showInbox);
  on("signout", "click", async () => {
    await signOut();
    showView("signin");
    status.progress("You are signed out. The page no longer holds your keys or any case.");
  });
  // Leaving the page: revoke the session, wipe the keys and empty every view, so no snapshot of
  // the page holds them.
  forgetOnLeave(() => {
    idle.stop();
    live.stop();
    threadView.detach();
    traceView.clear();
    api.signOut();
    keyring?.wipe();
  });
  document.body.dataset.ready = "true";
}

main().catch((err) => status.error(err));
