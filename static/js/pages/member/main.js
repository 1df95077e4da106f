// The member app at /office/: signing in (sign-in.js), then one module per tab: the inbox, a case,
// the members (granting the key, removing a colleague), tracing a leak, the guidance pages, the
// destruction log and the reports. One document; the keys live in the signed-in member's keyring only and are
// overwritten on sign-out; nothing is written to storage, cookies or the URL.

import * as proto from "../../crypto/index.js";
import { Api } from "../../models/api.js";
import { isIntegrityError } from "../../models/integrity.js";
import { Office } from "../../models/office.js";
import { ENDED, SignedIn } from "../../models/signed-in.js";
import { userActions } from "../../views/actions.js";
import { byTestId, showView } from "../../views/dom.js";
import { liveIndicator } from "../../views/live-indicator.js";
import { Status } from "../../views/status.js";
import { AlertsTab } from "./alerts.js";
import { CasePage } from "./case.js";
import { FlagAlerts } from "./flags.js";
import { GuidanceTab } from "./guidance.js";
import { Inbox } from "./inbox.js";
import { MembersTab } from "./members.js";
import { PasskeysTab } from "./passkeys.js";
import { ReportsTab } from "./reports.js";
import { RetentionTab } from "./retention.js";
import { SignIn } from "./sign-in.js";
import { StartLog } from "./start-log.js";
import { TraceTab } from "./trace.js";

const CASE_GONE = "This case no longer exists: it has been destroyed, with everything in it.";
// What the person is told when the session ends, and whether it is an error (all show the sign-in form).
const ENDINGS = {
  [ENDED.SIGNED_OUT]: { error: false, text: "You are signed out. The page no longer holds your keys or any case." },
  [ENDED.IDLE]: {
    error: true,
    text: "You were signed out after a while without activity; the page has forgotten your keys and every case. Please sign in again.",
  },
  [ENDED.REVOKED]: { error: true, text: "Your session has ended. Please sign in again." },
};

const api = new Api();
const status = new Status();

/**
 * What the tabs share: api, status, office, the signed-in member ({memberId, keyring}, or null),
 * run/on (views/actions.js), failed(err), tab(navId), session, and each tab's module.
 */
function assemble() {
  const app = { api, status, member: null };
  app.failed = (err) => failed(app, err);
  // Each load takes this member's grant of a key version it lacks (the key changes when a member is
  // removed), and keeps only the key versions the verified log names.
  app.office = new Office(api, { onLoad: () => takeGrants(app) });
  Object.assign(app, userActions(app.failed));
  // Each navigation (a tab, a case opened) has a number: a tab's loading that ends after the
  // person went elsewhere must not take the page back (Cases, then a case at once, was pulled
  // back to the inbox when the list came late).
  app.navigations = 0;
  app.navigated = () => ++app.navigations;
  app.isCurrent = (navigation) => navigation === app.navigations;
  app.tab = (navId) => {
    selectTab(navId);
    app.case.leave();
    return app.navigated();
  };
  app.case = new CasePage(app);
  app.inbox = new Inbox(app);
  app.flags = new FlagAlerts(app);
  app.members = new MembersTab(app);
  app.trace = new TraceTab(app);
  app.guidance = new GuidanceTab(app);
  app.retention = new RetentionTab(app);
  app.reports = new ReportsTab(app);
  app.signIn = new SignIn(app);
  app.startLog = new StartLog(app);
  app.passkeys = new PasskeysTab(app);
  app.alerts = new AlertsTab(app);
  const tabs = [app.flags, app.case, app.inbox, app.members, app.trace, app.guidance, app.retention, app.reports, app.signIn, app.passkeys, app.alerts];
  app.session = new SignedIn({
    api,
    live: { onState: liveIndicator(byTestId("live-indicator")), catchUp: () => catchUp(app), events: liveEvents(app) },
    forget: () => {
      tabs.forEach((tab) => tab.clear());
      app.member?.keyring.wipe();
      app.member = null;
      byTestId("member-nav").hidden = true;
    },
    onEnded: (reason) => {
      showView("signin");
      status.say(ENDINGS[reason]);
    },
  });
  return app;
}

async function takeGrants({ api, office, member }) {
  if (!member || !office.log) return;
  await member.keyring.update(api, office.keyVersion);
  await member.keyring.reportUnopenable(api); // so that colleagues are offered to grant it again
  member.keyring.trust(office.log);
  await member.pins?.follow(office.log); // the pin keeps up with the log this page has verified
}

/** A reconnection catches up through the API: the open case's thread, or else the inbox (the session may have ended). */
function catchUp({ case: open, inbox }) {
  return open.isOpen ? open.update() : inbox.refresh(true);
}

/** Live: an event names a case that changed; the inbox and the open thread ask the API what. */
function liveEvents(app) {
  const { case: open, inbox } = app;
  const shown = open.view.liveEvents();
  return {
    office: () => officeChanged(app),
    message: (event) => {
      shown.message(event);
      inbox.refresh();
    },
    expired: (event) => {
      shown.expired(event);
      inbox.refresh();
    },
    viewed: shown.viewed,
    // A visitor flagged an item: every open page alerts at once, whatever it shows.
    flag: (event) => {
      app.flags.flagged(event);
      shown.flag(event);
      open.changed(event);
      inbox.refresh();
    },
    // The case's record changed (closed, reopened, assigned, marked urgent).
    case: (event) => {
      open.changed(event);
      inbox.refresh();
    },
  };
}

/**
 * The office's log or keys changed (a grant, a removal, a new entry): the office is loaded and
 * verified again, which takes this member's new grant; a member who was waiting for one sees the
 * cases at once instead of the waiting notice.
 */
async function officeChanged(app) {
  if (!app.member) return;
  const waiting = !byTestId("view-inbox").hidden && !byTestId("no-grant-notice").hidden;
  await app.run(async () => {
    await app.office.load();
    if (waiting && app.member?.keyring.hasOfficeKey) await app.inbox.show();
    // Still waiting: a grant received meanwhile may not open, which the notice says.
    else if (waiting && app.member) byTestId("grant-unopenable").hidden = app.member.keyring.unopenable.size === 0;
  });
}

/**
 * Any failure of an action: the portal found untrustworthy stops the page (signed out, a
 * warning); a session the server ended ends here too; a case destroyed meanwhile goes.
 */
async function failed(app, err) {
  if (isIntegrityError(err)) {
    await app.session.end();
    status.clear(); // (a progress line of the step that stopped would be misleading)
    byTestId("integrity-text").textContent = err.userMessage;
    showView("warning");
  } else if (err.status === 401 && app.member) {
    const memberId = app.member.memberId;
    await app.session.end(ENDED.REVOKED);
    await explainRemoval(app, memberId);
  } else if (err.code === "case_not_found" && app.case.isOpen) {
    // Destroyed meanwhile (by the visitor, a colleague or its retention): nothing left to show.
    await app.inbox.show().catch(() => {});
    status.error(CASE_GONE);
  } else {
    status.error(err);
  }
}

/**
 * A session that ended because a colleague removed this member: the office's signed log says so
 * (it is public), so the page tells them, rather than asking them to sign in again in vain.
 */
async function explainRemoval({ office }, memberId) {
  try {
    await office.load();
  } catch {
    return; // the plain "session ended" stays
  }
  const removedAt = office.log?.member(memberId)?.removedAt ?? null;
  if (removedAt === null) return;
  const when = new Date(removedAt * 1000).toLocaleString([], { dateStyle: "long", timeStyle: "short" });
  status.error(`You were removed from the office on ${when}: this account can no longer sign in. If you think this is a mistake, ask a member of the office.`);
}

function selectTab(testId) {
  for (const tab of byTestId("member-nav").querySelectorAll("button[data-testid^=nav-]")) {
    if (tab.dataset.testid === testId) tab.setAttribute("aria-current", "page");
    else tab.removeAttribute("aria-current");
  }
}

async function main() {
  await proto.ready();
  const app = assemble();
  app.on("signout", "click", () => app.session.end(ENDED.SIGNED_OUT));
  document.body.dataset.ready = "true";
}

main().catch((err) => status.error(err));
