// The traffic panel: requests/s, error rate and p95 latency as live charts (one-row sparklines when
// the panel is short, column charts when it is tall), the availability badge against the target, and
// the failures by cause.

import type { TrafficView } from "../../sim/view.js";
import { seg, type Line } from "../text/line.js";
import { padStart, panelOf, titleLine } from "./panel.js";
import { columnChart, sparkline } from "./sparkline.js";

interface Metric {
  readonly label: string;
  readonly value: string;
  readonly values: readonly (number | undefined)[];
  readonly color: "cyan" | "red" | "green" | "yellow" | "magenta";
}

/** "99.95% ≥ 99.9%" in green, or red when availability is below the target. */
export function availabilityBadge(traffic: TrafficView): Line {
  if (traffic.availabilityPercent === undefined) return [seg(`avail - (target ${traffic.targetPercent}%)`, { fg: "gray" })];
  const ok = traffic.availabilityPercent >= traffic.targetPercent;
  const text = `avail ${formatPercent(traffic.availabilityPercent)} ${ok ? "≥" : "<"} ${traffic.targetPercent}%`;
  return [seg(` ${text} `, { fg: ok ? "green" : "red", bold: true, inverse: !ok })];
}

/** Percent with as many decimals as it takes to tell it from 100 (99.95%, 99.999%, 100%). */
export function formatPercent(percent: number): string {
  if (percent >= 100) return "100%";
  for (let digits = 2; digits < 6; digits++) {
    const text = percent.toFixed(digits);
    if (Number(text) < 100) return `${text}%`;
  }
  return `${percent.toFixed(6)}%`;
}

function metricsOf(traffic: TrafficView): Metric[] {
  const errorLimit = 100 - traffic.targetPercent;
  const p95 = traffic.p95Ms;
  return [
    { label: "req/s", value: traffic.requestsPerS.toFixed(1), values: traffic.series.map((p) => p.requests), color: "cyan" },
    {
      label: "err %", value: traffic.errorRatePercent.toFixed(2),
      values: traffic.series.map((p) => (p.requests > 0 ? (p.failed / p.requests) * 100 : undefined)),
      color: traffic.errorRatePercent > errorLimit ? "red" : "green",
    },
    { label: "p95 ms", value: p95 === undefined ? "-" : p95.toFixed(0), values: traffic.series.map((p) => p.p95Ms), color: "magenta" },
  ];
}

function causesRow(traffic: TrafficView): Line {
  const causes = Object.keys(traffic.failuresByCause).sort().filter((c) => (traffic.failuresByCause[c] ?? 0) > 0);
  if (causes.length === 0) return [seg("no failed requests", { fg: "gray" })];
  return [seg("failed: ", { fg: "red" }), seg(causes.map((c) => `${c} ${traffic.failuresByCause[c]}`).join(" · "))];
}

export function trafficLines(traffic: TrafficView, width: number, height: number): Line[] {
  const metrics = metricsOf(traffic);
  const labelWidth = 15;
  const chartWidth = Math.max(0, width - labelWidth);
  const rows: Line[] = [];
  // Rows per chart when the panel is tall enough for columns; otherwise one sparkline each.
  const chartRows = Math.floor((height - 2) / metrics.length) - 1;
  for (const m of metrics) {
    const head = [seg(m.label.padEnd(7), { fg: "gray" }), seg(padStart(m.value, 7), { bold: true }), seg(" ")];
    if (chartRows < 2) {
      rows.push([...head, seg(sparkline(m.values, chartWidth), { fg: m.color })]);
      continue;
    }
    const top = Math.max(0, ...m.values.slice(-chartWidth).map((v) => v ?? 0));
    const chart = columnChart(m.values, chartWidth, chartRows, top);
    rows.push([...head, seg(`max ${top.toFixed(m.label === "err %" ? 2 : 0)}`, { fg: "gray" })]);
    for (const r of chart) rows.push([seg(" ".repeat(labelWidth)), seg(r, { fg: m.color })]);
  }
  if (height - 1 > rows.length) rows.push(causesRow(traffic));
  return panelOf(titleLine("TRAFFIC", availabilityBadge(traffic)), rows, width, height);
}
