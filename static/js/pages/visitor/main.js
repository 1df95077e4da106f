// The visitor app at "/": the landing page, starting a case (start.js), signing in with a codename
// (sign-in.js), the case's thread (case.js), signing out; the landing page's check of the office's
// signed key log (landing.js). One document: the keys live in
// `app.keys` only and are overwritten on sign-out; nothing is ever written to storage, cookies
// or the URL.

import * as proto from "../../crypto/index.js";
import { Api } from "../../models/api.js";
import { isIntegrityError } from "../../models/integrity.js";
import { Office } from "../../models/office.js";
import { ENDED, SignedIn } from "../../models/signed-in.js";
import { wipe } from "../../models/wipe.js";
import { userActions } from "../../views/actions.js";
import { byTestId, showView } from "../../views/dom.js";
import { liveIndicator } from "../../views/live-indicator.js";
import { Status } from "../../views/status.js";
import { CasePage } from "./case.js";
import { Landing } from "./landing.js";
import { SignIn } from "./sign-in.js";
import { Start } from "./start.js";

// What the visitor is told when the session ends, and whether it is an error (all show the landing page).
const ENDINGS = {
  [ENDED.SIGNED_OUT]: { error: false, text: "You are signed out. The page no longer holds your keys or messages." },
  [ENDED.IDLE]: {
    error: true,
    text: "You were signed out after a while without activity, and the page has forgotten your keys and messages. Sign in again with your codename.",
  },
  [ENDED.REVOKED]: { error: true, text: "Your session has ended, and the page has forgotten your keys. Sign in again with your codename." },
  [ENDED.DESTROYED]: {
    error: false,
    text: "Your case and everything in it are destroyed, and the page has forgotten your keys. Your codename opens nothing any more.",
  },
  // The office destroyed the case, or its time ran out: the server's words say which, and on which day.
  [ENDED.GONE]: { error: false, text: "Your case was destroyed, and the page has forgotten your keys." },
};

const status = new Status();

/** What the views share: api, status, office, keys (while signed in, or signing in), run/on, session, each view's module. */
function assemble() {
  const api = new Api();
  const app = { api, status, keys: null, pins: null };
  // The pin keeps up with the log this page has verified (a member added or removed meanwhile).
  app.office = new Office(api, { onLoad: () => app.pins?.follow(app.office.log) });
  // An integrity failure stops the page with a warning; any other is shown as the API's message.
  app.failed = (err) => (isIntegrityError(err) ? app.landing.warn(err) : status.error(err));
  Object.assign(app, userActions(app.failed));
  app.forgetKeys = () => {
    wipe(app.keys);
    app.keys = null;
  };
  app.landing = new Landing(app);
  app.case = new CasePage(app);
  app.start = new Start(app);
  app.signIn = new SignIn(app);
  app.session = new SignedIn({
    api,
    // Live: events name what changed in the case; the thread's listing (after its cursor) fetches it.
    live: { onState: liveIndicator(byTestId("live-indicator")), catchUp: () => app.case.update(), events: app.case.view.liveEvents() },
    forget: () => {
      app.case.clear();
      app.start.clear();
      app.signIn.clear();
      app.forgetKeys();
      app.pins = null;
    },
    onEnded: (reason, said) => {
      showView("landing");
      status.say(said ? { ...ENDINGS[reason], text: said } : ENDINGS[reason]);
    },
  });
  return app;
}

async function main() {
  await proto.ready();
  const app = assemble();
  app.on("signout", "click", () => app.session.end(ENDED.SIGNED_OUT));
  // Leaving (a reload, a closed tab) forgets the keys and any draft, which is never kept in
  // storage: with words not sent yet, the browser asks first.
  addEventListener("beforeunload", (event) => {
    if (!app.case.hasDraft()) return;
    event.preventDefault();
    event.returnValue = ""; // (what older browsers need to ask)
  });
  await app.landing.show();
  document.body.dataset.ready = "true";
}

main().catch((err) => status.error(err));
