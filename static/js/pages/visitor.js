// The visitor app at "/": landing, start a case (codename, check, keys, proof of work), sign in
// with a codename, the case's thread, sign out. One document: keys live in `session` only and
// are overwritten on sign-out; nothing is ever written to storage, cookies or the URL.

import * as proto from "../crypto/index.js";
import { Api } from "../ui/api.js";
import { shortId } from "../ui/case-list.js";
import { codenameProblem, loadWordlist } from "../ui/codename.js";
import { CodenameView } from "../ui/codename-view.js";
import { dismissConfirms } from "../ui/confirm.js";
import { busy, byTestId, showView } from "../ui/dom.js";
import { forgetOnLeave, IdleTimeout, idleMinutes } from "../ui/idle.js";
import { Live } from "../ui/live.js";
import { WorkProgress } from "../ui/progress.js";
import { answerChallenge, wipe } from "../ui/session.js";
import { Status } from "../ui/status.js";
import { nowSeconds, Thread } from "../ui/thread.js";
import { RetentionView } from "../ui/retention-view.js";
import { ThreadView } from "../ui/thread-view.js";
import { deriveVisitorKeys, solvePow, timed } from "../ui/work.js";
import { WriteBox } from "../ui/write-box.js";

const SIGNIN_FAILED = "No case opens with this codename: there may be a typo in it. Check each word and try again.";
const KEY_CHANGED = "The office key the portal gives out differs from the fingerprint on this page. Do not continue: tell the office another way.";
const SESSION_ENDED = "Your session has ended, and the page has forgotten your keys. Sign in again with your codename.";
const CASE_DESTROYED = "Your case and everything in it are destroyed, and the page has forgotten your keys. Your codename opens nothing any more.";
const IDLE_ENDED = "You were signed out after a while without activity, and the page has forgotten your keys and messages. Sign in again with your codename.";
const COVENANT_REQUIRED = "covenant_required";
const YOU = "You";
const FORMER_MEMBER = "Office member";

const api = new Api();
const status = new Status();
const work = new WorkProgress(byTestId("view-working"));
const codenameView = new CodenameView();
const threadView = new ThreadView(byTestId("view-thread"), status, (err) => threadFailed(err));
// The write box's lifetime and view-once choices; after a send the case's retention moves on.
threadView.composer = new WriteBox(byTestId("view-thread"), status, () => showRetention());
const retentionView = new RetentionView(byTestId("retention"), {
  role: "visitor",
  api,
  status,
  onDestroyed: () => caseDestroyed(),
  onError: (err) => threadFailed(err),
  // The server cuts the case's live connection as it destroys it: stop listening first.
  beforeDestroy: () => {
    live.stop();
    return () => api.token && live.start(api.token);
  },
});
// Live: events name what changed in the case; the thread's listing (after its cursor) fetches it.
const live = new Live(byTestId("live-indicator"), {
  catchUp: () => threadView.update(),
  events: {
    message: (event) => event.case_id === caseId && threadView.update(),
    expired: (event) => event.case_id === caseId && threadView.remove(event.id),
    viewed: (event) => event.case_id === caseId && threadView.refreshViews?.(event.id),
  },
});
const idle = new IdleTimeout(() => idleSignOut());
const landingFingerprint = document.querySelector('[data-testid="office-fingerprint"]')?.textContent.trim();

let office = null; // GET /office, refreshed before each listing
let keys = null; // {signSeed, signPk, boxSk, boxPk} while signed in (or signing in)
let caseId = null;
let covenantAccepted = false; // the case's record, read before each listing

async function loadOffice() {
  office = await api.get("/office");
  const key = office.office_key;
  if (!key) throw Object.assign(new Error("office not ready"), { userMessage: "The office is not ready yet." });
  if (proto.fingerprint(proto.b64uDecode(key.box_pk, 32)) !== landingFingerprint) {
    throw Object.assign(new Error("office key changed"), { userMessage: KEY_CHANGED });
  }
  return office;
}

// --- Start a case -------------------------------------------------------------------------

async function drawNewCodename() {
  status.progress("Preparing your codename…");
  const [list] = await Promise.all([loadWordlist(), loadOffice()]);
  codenameView.show(list);
  status.clear();
  showView("codename");
}

function askForCheck() {
  codenameView.askCheck();
  status.clear();
  showView("check");
  byTestId("check-word-1").focus();
}

async function checkAndOpen() {
  const problem = codenameView.checkProblem();
  if (problem) {
    status.error(problem);
    return;
  }
  const codename = codenameView.codename;
  codenameView.forget();
  showWorking("Opening your case", true);
  try {
    await deriveKeys(codename);
    status.progress("Solving the anti-abuse puzzle…");
    const pow = await api.post("/pow");
    const [nonce, powMs] = await timed(() =>
      solvePow(proto.b64uDecode(pow.challenge), pow.difficulty, (n) => work.powTried(n, pow.difficulty)),
    );
    work.powDone(powMs);
    status.progress("Opening your case…");
    await api.post("/cases", { sign_pk: b64u(keys.signPk), box_pk: b64u(keys.boxPk), pow: { challenge: pow.challenge, nonce } });
  } catch (err) {
    forgetKeys();
    status.error(err);
    showView("landing");
    return;
  }
  await signIn("Your case is open, but signing in failed. Sign in with your codename.");
}

// --- Signing in ---------------------------------------------------------------------------

function showWorking(title, withPow) {
  byTestId("working-title").textContent = title;
  work.start(withPow);
  status.progress("Deriving your keys…");
  showView("working");
}

async function deriveKeys(codename) {
  const [derived, ms] = await timed(() => deriveVisitorKeys(codename, office.office_id, office.visitor_kdf));
  keys = derived;
  work.keysDone(ms);
}

async function signInWithCodename() {
  const field = byTestId("signin-codename");
  const problem = codenameProblem(await loadWordlist(), field.value);
  if (problem) {
    status.error(problem);
    field.focus();
    return;
  }
  const codename = field.value;
  field.value = "";
  showWorking("Signing in", false);
  try {
    await loadOffice();
    await deriveKeys(codename);
  } catch (err) {
    forgetKeys();
    status.error(err);
    showView("signin");
    return;
  }
  await signIn(SIGNIN_FAILED);
}

/** Signs in with `keys`, then shows the thread; on failure forgets the keys and says `failure`. */
async function signIn(failure) {
  try {
    status.progress("Signing in…");
    const fields = { role: "visitor", sign_pk: b64u(keys.signPk) };
    const { challenge } = await api.post("/auth/challenge", fields);
    const session = await answerChallenge(api, office.office_id, challenge, keys.signSeed, fields);
    status.progress("Opening your messages…");
    showView("thread");
    caseId = session.case_id;
    idle.start(idleMinutes(office));
    await threadView.attach(makeThread(caseId));
    if (api.token) live.start(api.token); // unless the listing just ended the session
    status.clear();
  } catch (err) {
    await signOut();
    status.error(err.status === 401 ? failure : err);
    showView("signin");
  }
}

// --- The thread ---------------------------------------------------------------------------

function makeThread(caseId) {
  const own = keys; // this session's keys, even if a later sign-in replaces `keys`
  return new Thread({
    api,
    caseId,
    prepare: async () => {
      await loadOffice();
      const record = await retentionView.load(caseId);
      covenantAccepted = record.covenant.accepted_version === record.covenant.current_version;
      threadView.composer.setLimits(office.limits);
    },
    // Confidentiality both ways: nothing from the office is opened before the visitor agrees.
    beforeOpen: (item) => {
      if (item.from !== "visitor" && !covenantAccepted) {
        throw Object.assign(new Error("covenant"), { code: COVENANT_REQUIRED });
      }
    },
    open: (envelope) => {
      const senders = [own.signPk, ...office.members.map((m) => proto.b64uDecode(m.sign_pk))];
      return proto.openEnvelope(envelope, own.boxSk, senders, caseId);
    },
    self: "visitor",
    reader: `Case ${shortId(caseId)}`, // on the watermark: the case, never a name
    nameOf: (by) => (by === "visitor" ? YOU : office.members.find((m) => m.member_id === by)?.display_name ?? FORMER_MEMBER),
    seal: (payload, { ttl = null, viewOnce = false, keep = false } = {}) =>
      proto.sealEnvelope(payload, {
        caseId,
        kind: "message",
        senderSeed: own.signSeed,
        recipientBoxPks: [proto.b64uDecode(office.office_key.box_pk, 32), own.boxPk],
        sentAt: nowSeconds(),
        ttl,
        viewOnce,
        keep,
      }),
    sender: (signPk) => {
      if (signPk === b64u(own.signPk)) return { label: YOU, mine: true };
      const member = office.members.find((m) => m.sign_pk === signPk);
      return { label: member?.display_name ?? FORMER_MEMBER, mine: false };
    },
  });
}

function b64u(bytes) {
  return proto.b64uEncode(bytes);
}

/** A session that ended on the server (idle or revoked) ends here too; other errors are shown. */
async function threadFailed(err) {
  if (err.code === COVENANT_REQUIRED) {
    status.clear();
    byTestId("covenant").hidden = false;
    return;
  }
  if (err.status !== 401) {
    status.error(err);
    return;
  }
  await signOut();
  showView("landing");
  status.error(SESSION_ENDED);
}

/** The visitor agrees to keep what the office says confidential; then its messages open. */
async function acceptCovenant() {
  await api.post(`/cases/${encodeURIComponent(caseId)}/covenant`, { version: office.covenant_version });
  covenantAccepted = true;
  byTestId("covenant").hidden = true;
  await threadView.refresh();
}

// --- Retention ----------------------------------------------------------------------------

/** Shows when the case will be destroyed; new activity (a message sent) moves the date on. */
async function showRetention() {
  if (!caseId) return;
  await retentionView.load(caseId);
}

/** The visitor destroyed the case: its session went with it; the page forgets everything. */
async function caseDestroyed() {
  api.token = null; // revoked with the case: nothing left to sign out of
  await signOut();
  showView("landing");
  status.progress(CASE_DESTROYED);
}

// --- Signing out --------------------------------------------------------------------------

function forgetKeys() {
  wipe(keys);
  keys = null;
}

/** Left alone too long: signed out as by the button, keys and messages wiped. */
async function idleSignOut() {
  await signOut();
  showView("landing");
  status.error(IDLE_ENDED);
}

/** The visitor's own words, as they wrote them, in a text file (never the office's). */
function exportMine() {
  const heading = `My messages to the Ombuds office, case ${shortId(caseId)}, exported ${new Date().toLocaleString()}`;
  const count = threadView.exportOwn(`my-messages-${shortId(caseId)}.txt`, heading);
  status.progress(count === 1 ? "1 message exported." : `${count} messages exported.`);
}

async function signOut() {
  idle.stop();
  live.stop();
  dismissConfirms();
  threadView.detach();
  threadView.composer.clear();
  retentionView.hide();
  byTestId("covenant").hidden = true;
  covenantAccepted = false;
  caseId = null;
  codenameView.forget();
  forgetKeys();
  byTestId("signin-codename").value = "";
  await api.signOut();
}

// --- Wiring -------------------------------------------------------------------------------

function on(testId, event, handler) {
  const el = document.querySelector(`[data-testid="${testId}"]`);
  el?.addEventListener(event, async (e) => {
    if (event === "submit") e.preventDefault();
    try {
      await busy(el, handler);
    } catch (err) {
      status.error(err);
    }
  });
}

async function main() {
  await proto.ready();
  on("start-case", "click", drawNewCodename);
  on("go-signin", "click", () => {
    status.clear();
    showView("signin");
  });
  on("codename-written", "click", askForCheck);
  on("codename-cancel", "click", () => {
    codenameView.forget();
    status.clear();
    showView("landing");
  });
  on("check-back", "click", () => {
    status.clear();
    showView("codename");
  });
  on("check-form", "submit", checkAndOpen);
  on("signin-form", "submit", signInWithCodename);
  on("signin-back", "click", () => {
    byTestId("signin-codename").value = "";
    status.clear();
    showView("landing");
  });
  on("covenant-accept", "click", acceptCovenant);
  on("export-mine", "click", exportMine);
  on("signout", "click", async () => {
    await signOut();
    status.progress("You are signed out. The page no longer holds your keys or messages.");
    showView("landing");
  });
  // Leaving the page: revoke the session, overwrite the keys and empty the thread rather than
  // wait for the idle timeout, so no snapshot of the page holds them.
  forgetOnLeave(() => {
    idle.stop();
    live.stop();
    threadView.detach();
    api.signOut();
    forgetKeys();
  });
  document.body.dataset.ready = "true";
}

main().catch((err) => status.error(err));
