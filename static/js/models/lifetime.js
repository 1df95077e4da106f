// Lifetimes in words, for people. DOM-free. The office offers senders a few lifetimes
// (GET /office → limits.ttl_choices); "until the case is destroyed" is always offered as well
// (ttl null: the item lives under the case's retention). Remaining time reads coarse while it is
// long and finer near the end: "2 days 3 h", "2 h 5 min", "12 min", "4 min 10 s", "45 s".

const MINUTE = 60;
const HOUR = 3600;
const DAY = 86400;
export const UNTIL_CASE_DESTROYED = "Until the case is destroyed";

function plural(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** A lifetime of `seconds` as a sender picks it: "1 hour", "7 days", "90 minutes"; null: the case's. */
export function lifetimeLabel(seconds) {
  if (seconds === null || seconds === undefined) return UNTIL_CASE_DESTROYED;
  if (seconds % DAY === 0) return plural(seconds / DAY, "day");
  if (seconds % HOUR === 0) return plural(seconds / HOUR, "hour");
  if (seconds % MINUTE === 0) return plural(seconds / MINUTE, "minute");
  return plural(seconds, "second");
}

/**
 * The lifetimes a sender may choose, as [{value, label}] in increasing order, with the office's
 * choices that fall within its limits first and "until the case is destroyed" (value null) last.
 */
export function lifetimeChoices(limits) {
  const min = limits?.ttl_min_seconds ?? 0;
  const max = limits?.ttl_max_seconds ?? Infinity;
  const offered = (limits?.ttl_choices ?? []).filter((s) => Number.isSafeInteger(s) && s >= min && s <= max);
  const choices = [...new Set(offered)].sort((a, b) => a - b).map((s) => ({ value: s, label: lifetimeLabel(s) }));
  return [...choices, { value: null, label: UNTIL_CASE_DESTROYED }];
}

/** Time left, `seconds` from now (> 0), in words that get finer as it runs out. */
export function remainingText(seconds) {
  const s = Math.max(0, Math.ceil(seconds));
  if (s >= 2 * DAY) return `${Math.floor(s / DAY)} days${hours(s % DAY)}`;
  if (s >= DAY) return `1 day${hours(s % DAY)}`;
  if (s >= HOUR) return `${Math.floor(s / HOUR)} h${minutes(s % HOUR)}`;
  if (s >= 10 * MINUTE) return `${Math.floor(s / MINUTE)} min`;
  if (s >= MINUTE) return `${Math.floor(s / MINUTE)} min${s % MINUTE ? ` ${s % MINUTE} s` : ""}`;
  return `${s} s`;
}

function hours(rest) {
  const h = Math.floor(rest / HOUR);
  return h ? ` ${h} h` : "";
}

function minutes(rest) {
  const m = Math.floor(rest / MINUTE);
  return m ? ` ${m} min` : "";
}
