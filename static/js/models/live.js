// Live updates (PROTOCOL.md section 8, "Realtime"): a Socket.IO connection that carries ids
// only and tells the page when to ask the HTTP API, which stays the source of truth. Nothing
// that a person wrote ever travels on it. DOM-free: it tells the page its state in words
// (views/live-indicator.js shows them).
//
// Every (re)connection first catches up through the HTTP API (the page's `catchUp`, i.e. the
// thread's listing after its cursor), so whatever was posted while the page was away shows once:
// the thread de-duplicates by id and runs one listing at a time.

import { io } from "../../vendor/socket.io.esm.min.js";

export const LIVE = "Live";
export const RECONNECTING = "Reconnecting…";
export const OFFLINE = "Offline";

const NAMESPACE = "/v1";
const SERVER_CUT = "io server disconnect";

// Reconnection backoff. The first retry comes after about a second, so a blip (a Wi-Fi handover,
// a restarted server) is over before a person notices; each retry then doubles, up to 15 s.
// The cap is what a person waits at worst once the network is back (the browser's "online"
// event also retries at once); it keeps an office's few hundred pages from hammering a portal
// that is down. The ±50 % jitter spreads the pages out after a restart, so they do not all
// reconnect, and all list their threads, in the same second.
const BACKOFF = { reconnectionDelay: 1_000, reconnectionDelayMax: 15_000, randomizationFactor: 0.5 };
// After a refusal that the HTTP API did not confirm (the session is still good there): try again
// this much later, by hand, since socket.io never retries a refused connection by itself.
const RETRY_REFUSED_MS = 15_000;

export class Live {
  /**
   * onState(text): hears "Live", "Reconnecting…" or "Offline" each time the state changes.
   * catchUp(): brings the page up to date through the HTTP API and handles its own errors; a 401
   *   there runs the page's session-ended handling, which calls stop().
   * events: {message(data), expired(data), viewed(data), office()}, each optional; data is {case_id, id…} (office: {}).
   */
  constructor({ onState, catchUp, events = {} }) {
    this.onState = onState;
    this.state = null;
    this.catchUp = catchUp;
    this.events = events;
    this.socket = null;
    this.retryTimer = null;
    this.wasLive = false;
    this.show(OFFLINE);
    addEventListener("offline", () => this.socket && this.show(OFFLINE));
    addEventListener("online", () => this.back());
  }

  /** Connects with this session's bearer token (WebSocket only: no polling, no sticky sessions). */
  start(token) {
    this.stop();
    const socket = io(NAMESPACE, { auth: { token }, transports: ["websocket"], forceNew: true, ...BACKOFF });
    this.socket = socket;
    socket.on("connect", () => this.connected(socket));
    socket.on("disconnect", (reason) => this.lost(socket, reason));
    socket.on("connect_error", () => this.lost(socket, null));
    for (const [name, handler] of Object.entries(this.events)) {
      socket.on(name, (data) => {
        // Events name a case, but for "office", which names nothing (the office's log changed).
        const named = name === "office" || typeof data?.case_id === "string";
        if (socket === this.socket && data && typeof data === "object" && named) handler(data);
      });
    }
  }

  /** Disconnects for good (sign-out, session ended, leaving the page). */
  stop() {
    clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    this.wasLive = false;
    socket?.disconnect();
    this.show(OFFLINE);
  }

  async connected(socket) {
    if (socket !== this.socket) return;
    this.show(this.wasLive ? RECONNECTING : OFFLINE);
    await settle(this.catchUp());
    // Live only once caught up, and only if nothing happened to the socket meanwhile.
    if (socket === this.socket && socket.connected) {
      this.wasLive = true;
      this.show(LIVE);
    }
  }

  /** The socket went away or could not connect. */
  async lost(socket, reason) {
    if (socket !== this.socket) return; // stop() or a newer start()
    if (socket.active) {
      // A network failure: socket.io retries with the backoff above.
      this.show(navigator.onLine === false ? OFFLINE : RECONNECTING);
      return;
    }
    // Refused at connection, or cut by the server ("io server disconnect"): the server does so
    // when the token is revoked or has ended. socket.io does not retry. The HTTP API decides:
    // a 401 there ends the session in the page as any other 401 does (and that stops us).
    this.show(OFFLINE);
    if (reason !== null && reason !== SERVER_CUT) return;
    await settle(this.catchUp());
    if (socket !== this.socket || socket.active) return;
    this.retryTimer = setTimeout(() => socket === this.socket && socket.connect(), RETRY_REFUSED_MS);
  }

  /**
   * The browser says the network is back. A socket that still looks connected may have lost
   * events meanwhile (a dead network often closes nothing): catch up, as after a reconnection.
   * One that is down retries now rather than at its next backoff step.
   */
  back() {
    const socket = this.socket;
    if (!socket) return;
    if (socket.connected) this.connected(socket);
    else this.retryNow(socket);
  }

  retryNow(socket) {
    if (!socket.active) return; // refused: lost() decides
    // disconnect() on a socket that is not connected emits nothing; it ends the backoff loop,
    // and connect() opens a new attempt at once (with the backoff starting over on failure).
    socket.disconnect();
    socket.connect();
  }

  show(text) {
    if (text === this.state) return;
    this.state = text;
    this.onState(text);
  }
}

/** Waits for a page callback that should handle its own errors; one that escapes is logged. */
async function settle(job) {
  try {
    await job;
  } catch (err) {
    console.error(err);
  }
}
