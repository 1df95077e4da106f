// The inbox's rows: what the server lists of each case (status, urgency, assignee, times, the
// items others sent) joined with what only this page knows (the member's sealed label and read
// marker, the text it has decrypted), filtered and searched here. DOM-free.

import { caseName, shortId } from "./case-name.js";

/** The filters, in the order offered, with what each keeps. */
export const FILTERS = Object.freeze({
  all: { label: "All cases", keeps: () => true, none: "No cases yet." },
  open: { label: "Open", keeps: (row) => row.status === "open", none: "No open case." },
  urgent: { label: "Urgent", keeps: (row) => row.urgent, none: "No case is marked urgent." },
  unread: { label: "Unread", keeps: (row) => row.unread > 0, none: "Nothing unread." },
  mine: { label: "Assigned to me", keeps: (row) => row.assignee?.mine === true, none: "No case is assigned to you." },
  unassigned: { label: "Not assigned", keeps: (row) => row.assignee === null, none: "Every case is assigned to a member." },
  closed: { label: "Closed", keeps: (row) => row.status === "closed", none: "No closed case." },
});

/**
 * One row per listed case: the cases its visitor flagged and no member has acknowledged yet
 * first, then the others, each group in the server's order (newest activity first).
 * bookmarks: models/bookmarks.js; self: this member's id; nameOf(memberId): a display name.
 */
export function inboxRows(cases, { bookmarks, self, nameOf }) {
  const flagged = cases.filter((item) => item.flagged === true);
  const others = cases.filter((item) => item.flagged !== true);
  return [...flagged, ...others].map((item) => {
    const label = bookmarks.label(item.case_id);
    return {
      caseId: item.case_id,
      title: label || caseName(item.case_id),
      label,
      reference: shortId(item.case_id),
      openedAt: item.created_at,
      lastActivityAt: item.last_activity_at,
      status: item.status,
      urgent: item.urgent === true,
      flagged: item.flagged === true, // by its visitor, not acknowledged yet
      unread: bookmarks.unread(item.case_id, item.from_others ?? []),
      items: item.items,
      assignee: item.assignee ? { id: item.assignee, name: nameOf(item.assignee), mine: item.assignee === self } : null,
    };
  });
}

/**
 * The rows the filter keeps that match the query (search: models/case-search.js), each with
 * its `match` ({where, excerpt}).
 */
export function shownRows(rows, { filter = "all", query = "", search }) {
  const keeps = (FILTERS[filter] ?? FILTERS.all).keeps;
  const shown = [];
  for (const row of rows) {
    if (!keeps(row)) continue;
    const match = search.match(row.caseId, query, { label: row.label, reference: row.reference });
    if (match) shown.push({ ...row, match });
  }
  return shown;
}

/** What to say when no row is shown. */
export function emptyText({ total, filter, query }) {
  if (total === 0) return "No cases yet.";
  if (query.trim()) {
    return "No case matches. The search covers your labels and the messages this page has opened since you signed in: open a case to include it.";
  }
  return (FILTERS[filter] ?? FILTERS.all).none;
}
