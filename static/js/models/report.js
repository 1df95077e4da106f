// The office's trend report (IOA Standards of Practice 3.3, 5.5, 8.5: trends, never identities),
// computed in the member's browser from the opened case tag records and a few counts the server
// lists anyway. Every count below k is suppressed, and so is any count from which a suppressed one
// could be worked out from a total shown beside it (secondary suppression). What the page shows,
// what the chart draws and what the CSV holds all come from reportTables(): the same cells.
// DOM-free.

import { CATEGORIES, categoryOf } from "./ioa-categories.js";

export const SUPPRESSED = "*";
export const CONSENT_KINDS = Object.freeze({ request: "consent-request", answer: "consent-answer" });

/**
 * Suppresses a table of counts: cells (R rows × C columns), their row totals, column totals and
 * grand total. Returns the same shape of booleans (true: not shown). Primary: every count below
 * k. Secondary: a line (a row or column with its total, or the totals with the grand total) whose
 * total is shown may not hide exactly one of its counts, or that count is the total less the
 * others; the smallest other count is hidden too (the total itself when there is none).
 * Row and column totals are treated as sums, which errs on the side of hiding more.
 */
export function suppress({ cells, rowTotals, colTotals, total }, k) {
  const rows = cells.length;
  const cols = colTotals.length;
  const values = new Map();
  const at = (id, v) => values.set(id, v);
  cells.forEach((row, i) => row.forEach((v, j) => at(`c${i}.${j}`, v)));
  rowTotals.forEach((v, i) => at(`r${i}`, v));
  colTotals.forEach((v, j) => at(`k${j}`, v));
  at("t", total);
  const hidden = new Set([...values].filter(([, v]) => v < k).map(([id]) => id));

  const lines = [];
  for (let i = 0; i < rows; i += 1) lines.push({ members: [...Array(cols).keys()].map((j) => `c${i}.${j}`), total: `r${i}` });
  for (let j = 0; j < cols; j += 1) lines.push({ members: [...Array(rows).keys()].map((i) => `c${i}.${j}`), total: `k${j}` });
  lines.push({ members: [...Array(rows).keys()].map((i) => `r${i}`), total: "t" });
  lines.push({ members: [...Array(cols).keys()].map((j) => `k${j}`), total: "t" });

  for (let changed = true; changed; ) {
    changed = false;
    for (const { members, total: sum } of lines) {
      if (hidden.has(sum) || members.filter((id) => hidden.has(id)).length !== 1) continue;
      const shown = members.filter((id) => !hidden.has(id));
      // The smallest other count costs the reader least; ties go to the first.
      const pick = shown.reduce((best, id) => (best === null || values.get(id) < values.get(best) ? id : best), null);
      hidden.add(pick ?? sum);
      changed = true;
    }
  }
  return {
    cells: cells.map((row, i) => row.map((_, j) => hidden.has(`c${i}.${j}`))),
    rowTotals: rowTotals.map((_, i) => hidden.has(`r${i}`)),
    colTotals: colTotals.map((_, j) => hidden.has(`k${j}`)),
    total: hidden.has("t"),
  };
}

/** Counts listed items of the consent kinds: listings is [[{kind, …}], …], one per case. */
export function countConsents(listings) {
  const counts = { request: 0, answer: 0 };
  for (const items of listings) {
    for (const { kind } of items) {
      if (kind === CONSENT_KINDS.request) counts.request += 1;
      else if (kind === CONSENT_KINDS.answer) counts.answer += 1;
    }
  }
  return counts;
}

/** Cases and items destroyed, from the destruction log's rows [{what, count}]. */
export function countDestroyed(rows) {
  const sum = (what) => rows.filter((r) => r.what === what).reduce((n, r) => n + r.count, 0);
  return { cases: sum("case"), items: sum("item") };
}

/**
 * The report: records are each case's current tag record [{caseId, quarter, codes}];
 * exceptions a count; consents {request, answer}; destroyed {cases, items}; k the threshold.
 */
export function buildReport({ records, exceptions, consents, destroyed, k, lang = "en" }) {
  const tagged = records.filter((r) => r.codes.length > 0);
  const quarters = [...new Set(tagged.map((r) => r.quarter))].sort();
  const inCategory = (r, c) => r.codes.some((code) => categoryOf(code) === c);
  const cells = CATEGORIES.map((c) => quarters.map((q) => tagged.filter((r) => r.quarter === q && inCategory(r, c.code)).length));
  const grid = {
    cells,
    rowTotals: cells.map((row) => row.reduce((a, b) => a + b, 0)),
    colTotals: quarters.map((q) => tagged.filter((r) => r.quarter === q).length),
    total: tagged.length,
  };
  const subCounts = new Map();
  for (const r of tagged) {
    for (const code of r.codes) if (code.includes(".")) subCounts.set(code, (subCounts.get(code) ?? 0) + 1);
  }
  const subcategories = CATEGORIES.flatMap((c) => c.subs)
    .filter((s) => (subCounts.get(s.code) ?? 0) >= k)
    .map((s) => ({ code: s.code, name: `${s.code} ${s[lang]}`, count: subCounts.get(s.code) }));
  const activity = [
    { key: "exceptions", count: exceptions },
    { key: "consent-requests", count: consents.request },
    { key: "consent-answers", count: consents.answer },
    { key: "cases-destroyed", count: destroyed.cases },
    { key: "items-destroyed", count: destroyed.items },
  ];
  return {
    k,
    lang,
    quarters,
    categories: CATEGORIES.map((c) => ({ code: c.code, name: `${c.code} ${c[lang]}` })),
    grid,
    hidden: suppress(grid, k),
    subcategories,
    activity: activity.map((a) => ({ ...a, hidden: a.count < k })),
  };
}

const ACTIVITY_NAMES = {
  en: {
    exceptions: "Exceptions to confidentiality recorded",
    "consent-requests": "Requests for consent",
    "consent-answers": "Answers to requests for consent",
    "cases-destroyed": "Cases destroyed",
    "items-destroyed": "Items destroyed",
  },
  fr: {
    exceptions: "Exceptions à la confidentialité consignées",
    "consent-requests": "Demandes de consentement",
    "consent-answers": "Réponses aux demandes de consentement",
    "cases-destroyed": "Dossiers détruits",
    "items-destroyed": "Éléments détruits",
  },
};
const WORDS = {
  en: {
    byCategory: "Cases by category and quarter opened",
    category: "Category",
    total: "Total",
    allCases: "Cases tagged",
    bySub: "Subcategories with at least k cases",
    subcategory: "Subcategory",
    cases: "Cases",
    activity: "Office activity (whole period)",
    what: "What",
    count: "Count",
  },
  fr: {
    byCategory: "Dossiers par catégorie et trimestre d'ouverture",
    category: "Catégorie",
    total: "Total",
    allCases: "Dossiers catégorisés",
    bySub: "Sous-catégories comptant au moins k dossiers",
    subcategory: "Sous-catégorie",
    cases: "Dossiers",
    activity: "Activité du bureau (toute la période)",
    what: "Quoi",
    count: "Nombre",
  },
};

const shownAs = (value, hidden) => (hidden ? SUPPRESSED : String(value));

/**
 * The report as tables of display strings, [{id, title, header: [...], rows: [[...]]}]: what the
 * page shows and the CSV holds, cell for cell.
 */
export function reportTables(report) {
  const w = WORDS[report.lang];
  const { grid, hidden } = report;
  const byCategory = {
    id: "by-category",
    title: w.byCategory,
    header: [w.category, ...report.quarters, w.total],
    rows: [
      ...report.categories.map((c, i) => [
        c.name,
        ...grid.cells[i].map((v, j) => shownAs(v, hidden.cells[i][j])),
        shownAs(grid.rowTotals[i], hidden.rowTotals[i]),
      ]),
      [w.allCases, ...grid.colTotals.map((v, j) => shownAs(v, hidden.colTotals[j])), shownAs(grid.total, hidden.total)],
    ],
  };
  const bySub = {
    id: "by-subcategory",
    title: w.bySub.replace("k", String(report.k)),
    header: [w.subcategory, w.cases],
    rows: report.subcategories.map((s) => [s.name, String(s.count)]),
  };
  const activity = {
    id: "activity",
    title: w.activity,
    header: [w.what, w.count],
    rows: report.activity.map((a) => [ACTIVITY_NAMES[report.lang][a.key], shownAs(a.count, a.hidden)]),
  };
  return [byCategory, bySub, activity];
}

/** What the charts draw: only counts the tables show (a hidden one is left out, never drawn as 0). */
export function chartSeries(report) {
  const { grid, hidden } = report;
  return {
    categories: report.categories
      .map((c, i) => ({ label: c.name, value: grid.rowTotals[i], hidden: hidden.rowTotals[i] }))
      .filter((p) => !p.hidden),
    quarters: report.quarters
      .map((q, j) => ({ label: q, value: grid.colTotals[j], hidden: hidden.colTotals[j] }))
      .filter((p) => !p.hidden),
  };
}

function csvField(text) {
  // A leading =, +, - or @ would be a formula to a spreadsheet: quoted with a leading apostrophe.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) || safe !== text ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** The tables as CSV: a title line, the header, the rows; a blank line between tables. */
export function toCsv(tables, note) {
  const lines = [csvField(note), ""];
  for (const t of tables) {
    lines.push(csvField(t.title), t.header.map(csvField).join(","), ...t.rows.map((r) => r.map(csvField).join(",")), "");
  }
  return lines.join("\r\n");
}

/** The note above the report: what * means. */
export function suppressionNote(k, lang = "en") {
  return lang === "fr"
    ? `* : nombre non publié : inférieur à ${k}, ou permettant de retrouver un nombre inférieur à ${k} à partir d'un total.`
    : `* not shown: fewer than ${k}, or a count from which one fewer than ${k} could be worked out from a total.`;
}

