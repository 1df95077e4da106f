import assert from "node:assert/strict";
import { test } from "node:test";
import { CATEGORIES, filterCategories, nameOf, sortCodes } from "../../../static/js/models/ioa-categories.js";
import {
  buildReport,
  chartSeries,
  countConsents,
  countDestroyed,
  reportTables,
  suppress,
  SUPPRESSED,
  toCsv,
} from "../../../static/js/models/report.js";

const K = 5;

/** Whether a hidden value could be recovered as a line's total less the line's shown counts. */
function recoverable(grid, hidden) {
  const lines = [];
  grid.cells.forEach((row, i) => lines.push({ members: row.map((v, j) => [v, hidden.cells[i][j]]), total: [grid.rowTotals[i], hidden.rowTotals[i]] }));
  grid.colTotals.forEach((v, j) =>
    lines.push({ members: grid.cells.map((row, i) => [row[j], hidden.cells[i][j]]), total: [v, hidden.colTotals[j]] }),
  );
  return lines.some(({ members, total }) => !total[1] && members.filter(([, h]) => h).length === 1);
}

test("a count below k is hidden, and so is another count of each line it would leave alone", () => {
  // One category over two quarters: 3 and 10, total 13. Hiding 3 alone gives it away (13 - 10).
  const grid = { cells: [[3, 10], [7, 8]], rowTotals: [13, 15], colTotals: [10, 18], total: 28 };
  const hidden = suppress(grid, K);
  assert.equal(hidden.cells[0][0], true);
  assert.equal(hidden.cells[0][1], true, "the row's other count");
  assert.equal(hidden.cells[1][0], true, "the column's other count");
  assert.equal(hidden.cells[1][1], true, "then the second row has one hidden: its other count");
  assert.deepEqual([hidden.rowTotals, hidden.colTotals, hidden.total], [[false, false], [false, false], false]);
  assert.equal(recoverable(grid, hidden), false);
});

test("a line with one count and its total hides the total when the count is hidden", () => {
  const grid = { cells: [[2], [9]], rowTotals: [2, 9], colTotals: [11], total: 11 };
  const hidden = suppress(grid, K);
  assert.deepEqual(hidden.cells, [[true], [true]]);
  assert.deepEqual(hidden.rowTotals, [true, true], "9 alone would give 2 away from 11; 2 is below k");
  assert.equal(hidden.total, false);
});

test("nothing is hidden when every count reaches k, and zero counts are below k", () => {
  const big = { cells: [[5, 6], [7, 8]], rowTotals: [11, 15], colTotals: [12, 14], total: 26 };
  const hidden = suppress(big, K);
  assert.equal([...hidden.cells.flat(), ...hidden.rowTotals, ...hidden.colTotals, hidden.total].some(Boolean), false);
  assert.equal(suppress({ cells: [[0, 9], [0, 9]], rowTotals: [9, 9], colTotals: [0, 18], total: 18 }, K).cells[0][0], true);
});

test("random tables never leave a hidden count recoverable from a total", () => {
  let seed = 7;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  for (let round = 0; round < 300; round += 1) {
    const rows = 1 + rand(5);
    const cols = 1 + rand(4);
    const cells = [...Array(rows)].map(() => [...Array(cols)].map(() => rand(12)));
    const rowTotals = cells.map((r) => r.reduce((a, b) => a + b, 0));
    const colTotals = [...Array(cols).keys()].map((j) => cells.reduce((a, r) => a + r[j], 0));
    const grid = { cells, rowTotals, colTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
    const hidden = suppress(grid, K);
    assert.equal(recoverable(grid, hidden), false, JSON.stringify(grid));
    cells.forEach((r, i) => r.forEach((v, j) => v < K && assert.ok(hidden.cells[i][j])));
  }
});

test("a report counts each case once per category, by the quarter it was opened in", () => {
  const records = [
    ...Array.from({ length: 6 }, (_, n) => ({ caseId: `c_a${n}`, quarter: "2026-Q1", codes: ["2", "2.h"] })),
    ...Array.from({ length: 2 }, (_, n) => ({ caseId: `c_b${n}`, quarter: "2026-Q2", codes: ["5.c"] })),
    ...Array.from({ length: 7 }, (_, n) => ({ caseId: `c_c${n}`, quarter: "2026-Q2", codes: ["2.b", "5"] })),
    { caseId: "c_none", quarter: "2026-Q2", codes: [] },
  ];
  const report = buildReport({
    records,
    exceptions: 1,
    consents: countConsents([[{ kind: "message" }, { kind: "consent-request" }], [{ kind: "consent-answer" }]]),
    destroyed: countDestroyed([
      { what: "case", count: 4 },
      { what: "case", count: 3 },
      { what: "item", count: 40 },
    ]),
    k: K,
  });
  assert.deepEqual(report.quarters, ["2026-Q1", "2026-Q2"]);
  assert.deepEqual(report.grid.cells[1], [6, 7], "category 2: six in Q1 (2.h counts for 2 once), seven in Q2");
  assert.deepEqual(report.grid.cells[4], [0, 9], "category 5: 5.c and 5");
  assert.deepEqual(report.grid.colTotals, [6, 9]);
  assert.equal(report.grid.total, 15);
  const [byCategory, bySub, activity] = reportTables(report);
  assert.deepEqual(byCategory.header, ["Category", "2026-Q1", "2026-Q2", "Total"]);
  assert.deepEqual(byCategory.rows[1], ["2 Evaluative Relationships", "6", "7", "13"]);
  assert.deepEqual(byCategory.rows[0], ["1 Compensation & Benefits", SUPPRESSED, SUPPRESSED, SUPPRESSED]);
  assert.deepEqual(byCategory.rows.at(-1), ["Cases tagged", "6", "9", "15"]);
  assert.deepEqual(bySub.rows, [["2.b Respect/Treatment", "7"], ["2.h Retaliation", "6"]], "2.h and 2.b only: 5.c has 2");
  assert.deepEqual(
    activity.rows.map((r) => r[1]),
    [SUPPRESSED, SUPPRESSED, SUPPRESSED, "7", "40"],
  );
  // The charts draw only what the tables show
  const series = chartSeries(report);
  assert.deepEqual(series.categories.map((p) => p.value), [13, 9]);
  assert.deepEqual(series.quarters.map((p) => p.label), ["2026-Q1", "2026-Q2"]);
});

test("a report in French names its categories, rows and note in French", () => {
  const report = buildReport({
    records: [{ caseId: "c_1", quarter: "2026-Q1", codes: ["5.c"] }],
    exceptions: 0,
    consents: { request: 0, answer: 0 },
    destroyed: { cases: 0, items: 0 },
    k: K,
    lang: "fr",
  });
  const [byCategory, , activity] = reportTables(report);
  assert.deepEqual(byCategory.header, ["Catégorie", "2026-Q1", "Total"]);
  assert.equal(byCategory.rows[4][0], "5 Questions juridiques, réglementaires, financières et de conformité");
  assert.equal(byCategory.rows.at(-1)[0], "Dossiers catégorisés");
  assert.equal(activity.rows[3][0], "Dossiers détruits");
});

test("the CSV holds the tables cell for cell, quoted where needed", () => {
  const tables = [{ id: "t", title: "Title, with a comma", header: ["A", "B"], rows: [["x \"y\"", "*"], ["=1+1", "3"]] }];
  const csv = toCsv(tables, "note");
  assert.equal(csv, 'note\r\n\r\n"Title, with a comma"\r\nA,B\r\n"x ""y""",*\r\n"\'=1+1",3\r\n');
});

test("the IOA list: nine categories, 87 subcategories, names in two languages, a filter", () => {
  assert.equal(CATEGORIES.length, 9);
  assert.equal(CATEGORIES.flatMap((c) => c.subs).length, 87);
  assert.equal(nameOf("2.h"), "2.h Retaliation");
  assert.equal(nameOf("5.c", "fr"), "5.c Harcèlement");
  assert.deepEqual(sortCodes(["5.c", "2", "2.h", "1"]), ["1", "2", "2.h", "5.c"]);
  assert.deepEqual(filterCategories("harcelement").map((c) => c.code), ["2", "3", "5"]);
  assert.deepEqual(filterCategories("Retaliation").flatMap((c) => c.subs.map((s) => s.code)), ["2.h", "3.h"]);
  assert.equal(filterCategories("").length, 9);
});
