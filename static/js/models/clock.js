// The server's clock as this page can best tell it. DOM-free. Lifetimes end by the server's
// clock (it sets expires_at), and a device's clock may be minutes off: a countdown read off the
// device alone would remove an item too early, or leave it on screen after it was destroyed.
//
// Each answer's Date header (whole seconds) bounds the offset between the two clocks: the server
// wrote it between the request leaving and the answer arriving. The bounds of every answer so far
// are intersected, and the estimate is their middle: within a second at once, finer with use.

const MAX_OFFSET_MS = 7 * 24 * 3600 * 1000; // a Date header further off than this is not believed

let low = -Infinity; // offset = server time - device time, in ms: low <= offset < high
let high = Infinity;

/** Notes what one answer says: sentMs and receivedMs are Date.now() around the request. */
export function observeServerDate(dateHeader, sentMs, receivedMs) {
  const server = Date.parse(dateHeader ?? "");
  if (!Number.isFinite(server)) return;
  // The header is truncated to the second: the server's time then was in [server, server + 1 s).
  const lo = server - receivedMs;
  const hi = server + 1000 - sentMs;
  if (Math.abs(lo) > MAX_OFFSET_MS) return;
  if (lo > high || hi < low) {
    // Bounds that no longer meet: the device's clock was changed. Start again from this answer.
    low = lo;
    high = hi;
    return;
  }
  low = Math.max(low, lo);
  high = Math.min(high, hi);
}

/** Server time minus device time, in milliseconds (0 until an answer has been seen). */
export function serverOffsetMs() {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return 0;
  return (low + high) / 2;
}

/** The server's current time in Unix seconds, with a fraction. */
export function serverNow() {
  return (Date.now() + serverOffsetMs()) / 1000;
}
