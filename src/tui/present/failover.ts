// The failover timer: a running clock for every VIP whose owner is gone (waiting for a takeover), and
// each takeover as it happens: "www 203.0.113.10: proxy01 -> proxy02 in 3.39 s, 14 requests failed".

import type { ClusterView, FailoverView, VipView } from "../../sim/view.js";
import { seg, type Line } from "../text/line.js";

export interface LastFault {
  readonly text: string;
  readonly atS: number;
}

export function formatFailover(f: FailoverView): string {
  let text = `${f.group} ${f.vip}: ${f.from ?? "nobody"} -> ${f.to}`;
  if (f.takeoverS !== undefined) text += ` in ${f.takeoverS.toFixed(2)} s`;
  if (f.failedRequests !== undefined) text += `, ${f.failedRequests} ${f.failedRequests === 1 ? "request" : "requests"} failed${f.costFinal === false ? " so far" : ""}`;
  return text;
}

/** VIPs nobody serves right now: no ARP owner, or the owner is not running or no longer MASTER. */
export function vipsWaiting(view: ClusterView): VipView[] {
  return view.vips.filter((v) => {
    if (v.owner === undefined) return true;
    const host = view.hosts.find((h) => h.name === v.owner);
    const member = v.members.find((m) => m.host === v.owner);
    return host?.power !== "running" || (member !== undefined && member.state !== "MASTER");
  });
}

function waitingRow(view: ClusterView, vip: VipView, lastFault: LastFault | undefined): Line {
  const since = lastFault && lastFault.atS <= view.timeS ? ` for ${(view.timeS - lastFault.atS).toFixed(2)} s since "${lastFault.text}"` : "";
  return [seg("⏱ ", { fg: "yellow" }), seg(`${vip.group} ${vip.vip}: ${vip.owner ?? "nobody"} -> ?`, { fg: "yellow", bold: true }), seg(` waiting${since}`, { fg: "yellow" })];
}

function failoverRow(f: FailoverView, fresh: boolean): Line {
  const why = f.fault ? ` (${f.fault}, at ${f.atS.toFixed(1)} s)` : ` (at ${f.atS.toFixed(1)} s)`;
  return [seg(fresh ? "▲ " : "  ", { fg: "yellow" }), seg(formatFailover(f), { fg: fresh ? "yellow" : undefined, bold: fresh }), seg(why, { fg: "gray" })];
}

/**
 * Rows of the failover panel: waiting VIPs first, then takeovers newest first; the takeovers from
 * index `seen` on are new to the user and highlighted.
 */
export function failoverLines(view: ClusterView, lastFault: LastFault | undefined, height: number, seen = view.failovers.length): Line[] {
  const rows: Line[] = [
    ...vipsWaiting(view).map((v) => waitingRow(view, v, lastFault)),
    ...view.failovers.map((f, i) => failoverRow(f, i >= seen)).reverse(),
  ];
  if (rows.length === 0) rows.push([seg("no failover yet (f injects a fault on the selected host)", { fg: "gray" })]);
  return rows.slice(0, Math.max(0, height));
}
