// DOM controller for the Reports tab's content: the report's tables (models/report.js
// reportTables, so the page and the CSV hold the same cells), suppressed cells marked, and two
// charts drawn with Chart.js from the counts the tables show, never from hidden ones.

import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "../../vendor/chart/chart.js";
import { chartSeries, SUPPRESSED } from "../models/report.js";
import { byTestId, clear, h } from "./dom.js";

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

const CHART_COLOUR = "#2f5d8a";

export class ReportView {
  /** root: the Reports section. */
  constructor(root) {
    this.tables = byTestId("report-tables", root);
    this.note = byTestId("reports-note", root);
    this.canvases = { categories: byTestId("chart-categories", root), quarters: byTestId("chart-quarters", root) };
    this.charts = [];
  }

  /** Shows the report: tables [{id, title, header, rows}] and the note on what * means. */
  show(report, tables, note) {
    this.clear();
    this.note.textContent = note;
    for (const t of tables) this.tables.append(tableOf(t));
    const series = chartSeries(report);
    this.charts = [
      barChart(this.canvases.categories, series.categories, "y"),
      barChart(this.canvases.quarters, series.quarters, "x"),
    ];
  }

  clear() {
    for (const chart of this.charts) chart.destroy();
    this.charts = [];
    clear(this.tables);
    this.note.textContent = "";
  }
}

function tableOf({ id, title, header, rows }) {
  const cell = (text, i) => {
    if (i === 0) return h("th", { scope: "row" }, text);
    const hidden = text === SUPPRESSED;
    return h("td", { class: hidden ? "suppressed" : null, "data-suppressed": hidden, title: hidden ? "Not shown" : null }, text);
  };
  return h(
    "div",
    { class: "report-table" },
    h(
      "table",
      { "data-testid": "report-table", "data-table": id },
      h("caption", {}, title),
      h("thead", {}, h("tr", {}, header.map((text) => h("th", { scope: "col" }, text)))),
      h("tbody", {}, rows.map((row) => h("tr", {}, row.map(cell)))),
    ),
  );
}

/** A bar chart of [{label, value}]; axis "y" lays the bars out horizontally (long names). */
function barChart(canvas, points, axis) {
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels: points.map((p) => p.label),
      datasets: [{ data: points.map((p) => p.value), backgroundColor: CHART_COLOUR }],
    },
    options: {
      indexAxis: axis,
      animation: false, // (drawn at once: nothing moves while a member reads or prints it)
      responsive: true,
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { [axis === "y" ? "x" : "y"]: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}
