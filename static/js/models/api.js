// The portal's HTTP API (PROTOCOL.md section 8): JSON in and out, the bearer token in a
// header (never a cookie, never a URL), and errors as ApiError carrying the server's message.

import { observeServerDate } from "./clock.js";

const BASE = "/api/v1";
const NETWORK_MESSAGE = "The portal could not be reached. Check your connection and try again.";
const UNREADABLE_MESSAGE = "The portal answered something unexpected. Please try again.";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.userMessage = message; // written by the server for a person to read
  }
}

export class Api {
  constructor() {
    this.token = null;
  }

  async request(method, path, body = undefined) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    let response;
    const sentMs = Date.now();
    try {
      response = await fetch(BASE + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store",
        credentials: "omit",
        referrerPolicy: "no-referrer",
      });
    } catch {
      throw new ApiError(0, "network", NETWORK_MESSAGE);
    }
    observeServerDate(response.headers.get("Date"), sentMs, Date.now()); // lifetimes run on the server's clock
    let answer = null;
    try {
      answer = await response.json();
    } catch {
      throw new ApiError(response.status, "unreadable", UNREADABLE_MESSAGE);
    }
    if (!response.ok) {
      const error = answer?.error ?? {};
      throw new ApiError(response.status, error.code ?? "error", error.message ?? UNREADABLE_MESSAGE);
    }
    return answer;
  }

  get(path) {
    return this.request("GET", path);
  }

  post(path, body = {}) {
    return this.request("POST", path, body);
  }

  /** Revokes the session on the server (best effort) and forgets the token. */
  async signOut() {
    const token = this.token;
    this.token = null;
    if (!token) return;
    try {
      await fetch(`${BASE}/auth/session`, {
        method: "DELETE",
        headers: { Authorization: `Bearer ${token}` },
        // Same-origin credentials (there are no cookies): with "omit", the browser ignores the
        // answer's Clear-Site-Data, which empties its caches and storage for this portal.
        credentials: "same-origin",
        keepalive: true,
      });
    } catch {
      // The token expires on its own after the idle time; nothing else to do.
    }
  }
}
