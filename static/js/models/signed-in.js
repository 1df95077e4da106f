// The signed-in session, the same in both apps (PROTOCOL.md section 5). Answering the sign-in
// challenge starts it; while it lasts, the page counts idle time and holds a live connection; it
// ends on "Sign out", when the server ends it, after the idle limit, or as the page is left, and
// every end stops both, wipes the keys and views (the page's forget()) and revokes the token.
// DOM-free.

import { b64uDecode, b64uEncode, signChallenge } from "../crypto/index.js";
import { IdleTimeout, idleMinutes } from "./idle.js";
import { Live } from "./live.js";

/** Why a session ended, for the page to say so. */
export const ENDED = Object.freeze({
  SIGNED_OUT: "signed-out", // the person's "Sign out"
  IDLE: "idle", // left alone for the office's idle limit
  REVOKED: "revoked", // the server answered 401: it timed out or was revoked there
  DESTROYED: "destroyed", // the visitor destroyed the case, and its sessions with it
  GONE: "gone", // the office destroyed the case, or its retention ended: the server says when, and why
});

export class SignedIn {
  /**
   * api: models/api.js; live: models/live.js's options ({onState, catchUp, events});
   * forget(): overwrites this side's keys and empties its views, synchronously (it also runs as
   * the page is left); onEnded(reason, said) tells the person why it ended (any end but leaving),
   * `said` being the server's own words when it gave any (GONE).
   */
  constructor({ api, live, forget, onEnded }) {
    Object.assign(this, { api, forget, onEnded });
    this.live = new Live(live);
    this.idle = new IdleTimeout(() => this.end(ENDED.IDLE));
    forgetOnLeave(() => this.end());
  }

  /**
   * Signs a challenge from POST /auth/challenge with `signSeed` and posts it to /auth/session
   * with `fields` (role, sign_pk or username, totp...). Returns the session answer; its token
   * goes with every later request.
   */
  async answer(officeId, challenge, signSeed, fields) {
    const sig = signChallenge(signSeed, officeId, b64uDecode(challenge));
    const session = await this.api.post("/auth/session", { ...fields, challenge, sig: b64uEncode(sig) });
    this.api.token = session.token;
    return session;
  }

  /** Counts idle time by the office's limit and connects live, unless the session ended meanwhile. */
  begin(limits) {
    if (!this.api.token) return;
    this.idle.start(idleMinutes(limits));
    this.live.start(this.api.token);
  }

  /**
   * Disconnects live before the case is destroyed (the server cuts it as it does so); returns
   * what reconnects, should destroying fail.
   */
  pauseLive() {
    this.live.stop();
    return () => this.api.token && this.live.start(this.api.token);
  }

  /** Ends the session (see above); with a reason, the person is then told why (`said`: the server's words). */
  async end(reason = null, said = null) {
    this.idle.stop();
    this.live.stop();
    this.forget();
    if (reason === ENDED.DESTROYED || reason === ENDED.GONE) this.api.token = null; // ended with the case: nothing to sign out of
    await this.api.signOut();
    if (reason) await this.onEnded(reason, said);
  }
}

/**
 * forget() runs as the page is left, so no snapshot of it holds anything; a page the
 * back/forward cache brings back anyway is wiped again and reloaded from the server, which
 * serves it fresh (no-store).
 */
function forgetOnLeave(forget) {
  addEventListener("pagehide", () => forget());
  addEventListener("pageshow", (event) => {
    if (!event.persisted) return;
    forget();
    location.reload();
  });
}
