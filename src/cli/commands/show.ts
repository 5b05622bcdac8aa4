// `lab show [FILE] [--json]`: the resolved lab as tables (networks, hosts, VIPs, services, storage)
// or as JSON for scripts. Secrets are never shown.

import { openLab } from "../../app/open-lab.js";
import { EXIT, type ExitCode } from "../../app/errors.js";
import type { ResolvedHost, ResolvedLab, ResolvedPool, ResolvedService } from "../../model/types.js";
import { compactRanges, formatGiB, formatMiB, renderTable } from "../../lib/text-table.js";
import type { CliIo } from "../io.js";
import { formatDiagnostics } from "../report.js";

function serviceLine(s: ResolvedService): string {
  const bind = s.bindCarp ? ` on ${s.bindCarp} VIP ${s.bindAddress}` : s.bindAddress !== "0.0.0.0" ? ` on ${s.bindAddress}` : "";
  return s.ports.length ? `${s.kind} ${compactRanges(s.ports)}${bind}` : s.kind;
}

function poolLine(pool: ResolvedPool): string {
  const vdevs = pool.vdevs.map((v) => `${v.type} ${v.devices.join(" ")}`).join(", ");
  return `${pool.name}: ${vdevs}${pool.log ? `; log ${pool.log.type} ${pool.log.devices.join(" ")}` : ""}`;
}

function diskSummary(host: ResolvedHost): string {
  const groups = new Map<string, number>();
  for (const d of host.disks) groups.set(`${formatGiB(d.sizeGiB)} ${d.kind}`, (groups.get(`${formatGiB(d.sizeGiB)} ${d.kind}`) ?? 0) + 1);
  return [...groups].map(([what, n]) => `${n}x${what}`).join(" + ");
}

function interfaceLines(host: ResolvedHost): string[] {
  return host.interfaces.map((i) => {
    const lagg = host.laggs.find((l) => l.name === i.name);
    const vips = host.carp.filter((c) => c.interface === i.name).map((c) => `vhid ${c.vhid} ${c.address}`);
    return `${i.name} ${i.address}/${i.prefixLength} ${i.network}${lagg ? ` (${lagg.protocol} ${lagg.ports.join("+")})` : ""}${vips.length ? ` + ${vips.join(", ")}` : ""}`;
  });
}

/** The human view of a resolved lab. Pure; used by `lab show` and tests. */
export function formatLab(lab: ResolvedLab): string {
  const out: string[] = [];
  out.push(`${lab.name} (FreeBSD ${lab.release}): ${lab.hosts.length} hosts, ${lab.networks.length} networks, ${lab.carp.length} CARP groups`);
  if (lab.description) out.push(lab.description);
  out.push("", "NETWORKS", renderTable(["network", "kind", "cidr"], lab.networks.map((n) => [n.name, n.kind, n.cidr])));
  out.push("", "HOSTS", renderTable(
    ["host", "role", "cpu", "memory", "interfaces", "services"],
    lab.hosts.map((h) => [h.name, h.role, String(h.cpus), formatMiB(h.memoryMiB), interfaceLines(h), h.services.map(serviceLine)]),
  ));
  out.push("", "VIPS (CARP)", renderTable(
    ["group", "vhid", "address", "network", "advbase", "members (advskew)"],
    lab.carp.map((g) => {
      const preferred = [...g.members].sort((a, b) => a.advskew - b.advskew)[0]?.host;
      return [g.name, String(g.vhid), `${g.address}/${g.prefixLength}`, g.network, `${g.advbase}s`,
        g.members.map((m) => `${m.host} ${m.interface} (${m.advskew})${m.host === preferred ? " preferred master" : ""}${m.preempt ? "" : " no-preempt"}`).join(", ")];
    }),
  ));
  out.push("", "DISKS AND POOLS", renderTable(["host", "disks", "pools"],
    lab.hosts.map((h) => [h.name, diskSummary(h), h.pools.map(poolLine)])));
  for (const c of lab.chains) {
    out.push("", `REQUEST CHAIN ${c.name}`, `clients -> ${c.entry.carp} VIP ${c.entry.address}:${c.entry.ports.join(",")}`);
    for (const hop of c.hops) {
      const targets = [...new Set(hop.callers.flatMap((x) => x.upstreams.map((u) => u.host ?? u.address)))];
      const ports = compactRanges([...new Set(hop.callers.flatMap((x) => x.upstreams.map((u) => u.port)))]);
      out.push(`  ${hop.from} -> ${hop.to} ${hop.via ? `via ${hop.via} VIP ${targets.join(",")}` : hop.callers.every((x) => x.upstreams.every((u) => u.address === "127.0.0.1")) ? "local" : `on ${targets.join(", ")}`}:${ports}`);
    }
  }
  for (const m of lab.mysql) {
    out.push("", `MYSQL ${m.name}`, `  master ${m.master} -> replica ${m.replica} (${m.semiSync ? "semi-sync" : "async"}), clients use ${m.carp} VIP ${m.vip}:${m.port}; 3306 open to ${m.clients.join(", ")}`);
  }
  for (const s of lab.storage) {
    out.push("", `STORAGE ${s.name}`,
      `  ${s.primary}:${s.pool} -> ${s.replica} (${s.replicationTarget}) every ${s.replicationEveryS}s`,
      `  snapshots: ${s.snapshots.map((x) => `every ${x.label} keep ${x.retained}`).join(", ")}`,
      ...s.nfs.map((e) => `  nfs ${e.path} (${e.network}) -> ${e.consumers.map((c) => `${c.host}:${c.mountpoint}`).join(", ")}`),
      ...s.iscsi.map((t) => `  iscsi ${t.iqn} ${formatGiB(t.sizeGiB)} ${t.file} -> ${t.consumers.map((c) => `${c.host}:${c.mountpoint}`).join(", ")}`));
  }
  const r = lab.requirements;
  out.push("", "REQUIREMENTS",
    `  uptime ${r.uptimePercent}%, pages ${r.pageLoadS.min}-${r.pageLoadS.max} s, registration ${r.registrationS.min}-${r.registrationS.max} s, ${r.registeredUsers.min}-${r.registeredUsers.max} registered users`,
    `  traffic: ${lab.traffic.registeredUsers} users, ${lab.traffic.peakSessionsPerS} sessions/s at peak, ${lab.traffic.pageViewsPerSession} pages/session, ${lab.traffic.registrationsPerHour} registrations/h`);
  return out.join("\n");
}

/** The resolved lab for scripts: everything but the secrets. */
export function labJson(lab: ResolvedLab): object {
  const { secrets: _secrets, ...rest } = lab;
  return rest;
}

export async function showCommand(file: string | undefined, options: { json?: boolean }, io: CliIo): Promise<ExitCode> {
  const { lab, warnings } = await openLab(file, io.cwd, { persistSecrets: false });
  if (warnings.length && !options.json) io.err(formatDiagnostics(warnings) + "\n");
  io.out(options.json ? JSON.stringify(labJson(lab), null, 2) : formatLab(lab));
  return EXIT.ok;
}
