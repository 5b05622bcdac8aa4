// `lab status [--json] [--dir DIR]`: the running lab now: hosts by tier with power and services, VIPs
// with MASTER/BACKUP and owner, failovers, traffic. --json prints the ClusterView with a `daemon`
// field (pid, seed, speed, simulated time, trace hash, session record).

import { ask } from "../../app/daemon/answer-error.js";
import { connectToLab } from "../../app/daemon/connect-lab.js";
import type { DaemonStatus } from "../../app/daemon/protocol.js";
import { EXIT, type ExitCode } from "../../app/errors.js";
import { renderTable } from "../../lib/text-table.js";
import type { ClusterView, HostView } from "../../sim/view.js";
import type { CliIo } from "../io.js";

function servicesCell(h: HostView): string {
  if (h.power !== "running") return h.services.length ? "(host not running)" : "";
  return h.services.map((s) => (s.state === "running" ? s.name : `${s.name} (${s.state})`)).join(", ");
}

function seconds(s: number): string {
  return `${Number(s.toFixed(3))} s`;
}

/** The human form of `lab status`. Pure: a view and the daemon's state in, text out. */
export function formatStatus(view: ClusterView, daemon: DaemonStatus): string {
  const pace = daemon.phase !== "up" ? daemon.phase : daemon.paused ? "paused" : `${daemon.speed}x`;
  const out = [
    `${view.lab} (FreeBSD ${view.release}) at ${seconds(view.timeS)} simulated, ${pace}, ${view.healthy ? "healthy" : "NOT healthy"}`,
    `  ${daemon.backend} backend, seed ${daemon.seed}, daemon pid ${daemon.pid}${daemon.traceHash ? `, trace ${daemon.traceHash}` : ""}, session ${daemon.sessionFile}`,
    "",
    "HOSTS",
    renderTable(["tier", "host", "power", "services"], tierOrder(view.hosts).map((h) => [h.role, h.name, h.power, servicesCell(h)])),
    "",
    "VIPS",
    renderTable(["group", "address", "vhid", "owner", "members"], view.vips.map((v) => [
      v.group, v.vip, String(v.vhid), v.owner ?? "(none)", v.members.map((m) => `${m.host} ${m.state}`).join(", "),
    ])),
    "",
    "FAILOVERS",
  ];
  if (!view.failovers.length) out.push("  none");
  for (const f of view.failovers) {
    const after = f.takeoverS !== undefined && f.fault ? `, ${seconds(f.takeoverS)} after "${f.fault}"` : "";
    const cost = f.failedRequests !== undefined ? `, ${f.failedRequests} request${f.failedRequests === 1 ? "" : "s"} failed${f.costFinal === false ? " so far" : ""}` : "";
    out.push(`  at ${seconds(f.atS)}  ${f.group} ${f.vip}: ${f.from ?? "(none)"} -> ${f.to}${after}${cost}`);
  }
  const t = view.traffic;
  if (t.series.length || t.availabilityPercent !== undefined) {
    out.push("", `TRAFFIC  ${t.requestsPerS} req/s, ${t.errorRatePercent}% errors${t.p95Ms !== undefined ? `, p95 ${t.p95Ms} ms` : ""}` +
      `${t.availabilityPercent !== undefined ? `, availability ${t.availabilityPercent}% (target ${t.targetPercent}%)` : ""}`);
  }
  return out.join("\n");
}

/** Hosts grouped by tier, tiers in the order they first appear in the lab. */
function tierOrder(hosts: readonly HostView[]): HostView[] {
  const tiers = [...new Set(hosts.map((h) => h.role))];
  return tiers.flatMap((t) => hosts.filter((h) => h.role === t));
}

export async function statusCommand(options: { json?: boolean; dir?: string }, io: CliIo): Promise<ExitCode> {
  const running = await connectToLab(io.cwd, options.dir);
  try {
    const { view, daemon } = await ask(() => running.client.request("status"));
    io.out(options.json ? JSON.stringify({ ...view, daemon }) : formatStatus(view, daemon));
    return EXIT.ok;
  } finally {
    running.client.close();
  }
}
