// HAProxy's and Varnish's view of their backends on each proxy: counts up, the names of the ones down,
// and the Varnish probe window (good/window).

import type { BackendHealthView, ClusterView } from "../../sim/view.js";
import { seg, wrapTokens, type Line } from "../text/line.js";
import { panelOf, titleLine } from "./panel.js";

type HaproxyView = BackendHealthView["haproxy"][number];
type VarnishView = BackendHealthView["varnish"][number];

export function haproxySummary(h: HaproxyView): Line {
  const up = h.servers.filter((s) => s.state === "UP").length;
  const all = h.servers.length;
  return [seg("haproxy "), seg(`${up}/${all} UP`, { fg: up === all ? "green" : up === 0 ? "red" : "yellow", bold: up !== all })];
}

export function varnishSummary(v: VarnishView): Line {
  return [seg("varnish "), seg(v.health, { fg: v.health === "healthy" ? "green" : "red", bold: v.health !== "healthy" }), seg(` ${v.good}/${v.window}`, { fg: "gray" })];
}

/** The wide screen's backends panel: per proxy, the summaries and every server that is DOWN. */
export function backendLines(view: ClusterView, width: number, height: number): Line[] {
  const rows: Line[] = [];
  const proxies = [...new Set([...view.backends.haproxy.map((h) => h.host), ...view.backends.varnish.map((v) => v.host)])];
  for (const host of proxies) {
    const h = view.backends.haproxy.find((x) => x.host === host);
    const v = view.backends.varnish.find((x) => x.host === host);
    rows.push([seg(`${host} `, { bold: true }), ...(h ? haproxySummary(h) : []), seg("  "), ...(v ? varnishSummary(v) : [])]);
    const down = h?.servers.filter((s) => s.state === "DOWN") ?? [];
    if (down.length > 0) rows.push(...wrapTokens([[seg("  DOWN:", { fg: "red" })], ...down.map((s): Line => [seg(s.name, { fg: "red" })])], width, "        "));
  }
  if (rows.length === 0) rows.push([seg("no HAProxy or Varnish in this lab", { fg: "gray" })]);
  return panelOf(titleLine("BACKENDS"), rows, width, height);
}
