// Checks a fault against a lab: every name it uses exists where it is used (refused with the valid
// names and a did-you-mean), numbers are in range, sysctls exist on the lab's release and host.

import { choices, closest } from "../lib/suggest.js";
import type { ResolvedHost, ResolvedLab } from "../model/types.js";
import { DEMOTION_LIMIT, findSysctl, sysctlsFor, type SysctlInfo } from "./sysctls.js";
import { listForms } from "./forms.js";
import { FAULT_KINDS, type Fault, type ScheduledFault } from "./types.js";

export interface FaultProblem {
  /** JSON pointer into the fault (or the schedule): "/host", "/groups/1/0", "/3/fault/nic". */
  readonly pointer: string;
  readonly message: string;
  readonly hint: string;
}

/** The longest extra latency a link-delay may add: beyond that it is a cut, not a delay. */
export const MAX_DELAY_MS = 60_000;

const SHOW_HINT = "check the spelling; `lab show` lists the lab's hosts, networks, interfaces and services";

class Problems {
  readonly list: FaultProblem[] = [];
  add(pointer: string, message: string, hint = SHOW_HINT): void {
    this.list.push({ pointer, message, hint });
  }
}

function hostsWithCarp(lab: ResolvedLab): string[] {
  return lab.hosts.filter((h) => h.carp.length > 0).map((h) => h.name);
}

function hostsWithService(lab: ResolvedLab, service: string): string[] {
  return lab.hosts.filter((h) => h.services.some((s) => s.kind === service)).map((h) => h.name);
}

/** The host named at `pointer`, or undefined after reporting it unknown. */
function knownHost(lab: ResolvedLab, name: string, pointer: string, out: Problems): ResolvedHost | undefined {
  const host = lab.hosts.find((h) => h.name === name);
  if (!host) out.add(pointer, `unknown host "${name}": ${choices(name, lab.hosts.map((h) => h.name))}`);
  return host;
}

function checkNic(host: ResolvedHost, nic: string, out: Problems): void {
  if (host.nics.some((n) => n.name === nic)) return;
  const isLagg = host.laggs.some((l) => l.name === nic);
  out.add("/nic", `unknown NIC "${nic}" on ${host.name}: ${choices(nic, host.nics.map((n) => n.name))}`,
    isLagg ? `${nic} is a LAGG: use "lagg-down ${host.name} ${nic}"` : SHOW_HINT);
}

function checkLagg(host: ResolvedHost, lagg: string, out: Problems): void {
  if (host.laggs.some((l) => l.name === lagg)) return;
  const isNic = host.nics.some((n) => n.name === lagg);
  out.add("/lagg", `unknown LAGG "${lagg}" on ${host.name}: ${choices(lagg, host.laggs.map((l) => l.name))}`,
    isNic ? `${lagg} is a NIC: use "nic-down ${host.name} ${lagg}"` : SHOW_HINT);
}

function checkService(lab: ResolvedLab, host: ResolvedHost, service: string, out: Problems): void {
  if (host.services.some((s) => s.kind === service)) return;
  const elsewhere = hostsWithService(lab, service);
  out.add("/service", `unknown service "${service}" on ${host.name}: ${choices(service, host.services.map((s) => s.kind))}`,
    elsewhere.length ? `${service} runs on ${elsewhere.join(", ")}` : SHOW_HINT);
}

function checkNetwork(lab: ResolvedLab, network: string, out: Problems): void {
  if (lab.networks.some((n) => n.name === network)) return;
  out.add("/network", `unknown network "${network}": ${choices(network, lab.networks.map((n) => n.name))}`);
}

function checkCarpHost(lab: ResolvedLab, host: ResolvedHost, what: string, pointer: string, out: Problems): void {
  if (host.carp.length) return;
  out.add(pointer, `${host.name} is in no CARP group, so ${what} does nothing there`, `CARP hosts: ${hostsWithCarp(lab).join(", ") || "(none)"}`);
}

function checkPartition(lab: ResolvedLab, groups: readonly (readonly string[])[], out: Problems): void {
  if (groups.length < 2) out.add("/groups", `a partition needs at least two groups, got ${groups.length}`, 'separate the groups with "|": "partition proxy01|proxy02"');
  const seen = new Map<string, number>();
  groups.forEach((group, g) => {
    if (!group.length) out.add(`/groups/${g}`, `partition group ${g + 1} is empty`, "every group names at least one host");
    group.forEach((name, i) => {
      knownHost(lab, name, `/groups/${g}/${i}`, out);
      const first = seen.get(name);
      if (first === undefined) seen.set(name, g);
      else out.add(`/groups/${g}/${i}`, `${name} is in partition groups ${first + 1} and ${g + 1}`, "the groups must not share hosts");
    });
  });
}

/** Like choices(), but a did-you-mean compares the last part only (the long shared prefixes would match anything). */
function sysctlChoices(name: string, known: readonly SysctlInfo[], existsElsewhere: boolean): string {
  const lastPart = (n: string) => n.slice(n.lastIndexOf(".") + 1);
  const near = existsElsewhere ? undefined : closest(lastPart(name), known.map((s) => lastPart(s.name)));
  const list = known.map((s) => s.name).join(", ");
  const match = near === undefined ? undefined : known.find((s) => lastPart(s.name) === near);
  return match ? `did you mean "${match.name}"? Valid: ${list}` : `valid: ${list}`;
}

function checkSysctl(lab: ResolvedLab, host: ResolvedHost, name: string, value: number, out: Problems): void {
  const known = sysctlsFor(lab.release);
  const info = known.find((s) => s.name === name);
  if (!info) {
    const other = findSysctl(name);
    const hint = other
      ? `${name} exists on FreeBSD ${other.releases.join(", ")}, not on ${lab.release}${name === "net.inet.carp.demotion" ? `; use "carp-demote ${host.name} N"` : ""}`
      : `a fault may write the carp(4) and pfsync(4) sysctls of FreeBSD ${lab.release} listed here`;
    out.add("/name", `unknown sysctl "${name}" on FreeBSD ${lab.release}: ${sysctlChoices(name, known, other !== undefined)}`, hint);
    return;
  }
  if (!Number.isSafeInteger(value) || value < info.min || value > info.max) {
    out.add("/value", `${name}=${value} is outside ${info.min} to ${info.max}`, info.additive ? "the value is added to the current one" : `FreeBSD's default is ${info.defaultValue}`);
  }
  if (info.module === "carp") checkCarpHost(lab, host, name, "/host", out);
  else if (!host.services.some((s) => s.kind === "pfsync")) {
    out.add("/host", `${host.name} does not run pfsync, so it has no ${name}`, `pfsync hosts: ${hostsWithService(lab, "pfsync").join(", ") || "(none)"}`);
  }
}

/** The networks that carry storage traffic: those of the NFS exports and of the replication target. */
export function storageNetworks(lab: ResolvedLab): Set<string> {
  const out = new Set<string>();
  for (const pair of lab.storage) {
    for (const e of pair.nfs) out.add(e.network);
    for (const h of lab.hosts) for (const i of h.interfaces) if (i.address === pair.replicationTarget) out.add(i.network);
  }
  return out;
}

function checkPoolDisk(lab: ResolvedLab, host: ResolvedHost, disk: string, out: Problems): void {
  const vdevs = host.pools.flatMap((p) => [...p.vdevs, ...(p.log ? [p.log] : [])]);
  const devices = vdevs.flatMap((v) => v.devices);
  // Either the device as zpool status shows it (da3) or the lab's own disk name (data3).
  if (devices.includes(disk) || vdevs.some((v) => v.disks.includes(disk))) return;
  const exists = host.disks.some((d) => d.name === disk || d.device === disk);
  const withPools = lab.hosts.filter((h) => h.pools.length).map((h) => h.name);
  out.add("/disk", exists ? `disk "${disk}" of ${host.name} is in no ZFS pool` : `unknown disk "${disk}" on ${host.name}: ${choices(disk, devices.length ? devices : host.disks.map((d) => d.device))}`,
    devices.length ? "name a pool member as zpool status shows it (da0) or by its name in the lab (data0)" : `hosts with ZFS pools: ${withPools.join(", ") || "(none)"}`);
}

/** Problems with `fault` in `lab`; empty when it can be injected. */
export function validateFault(fault: Fault, lab: ResolvedLab): FaultProblem[] {
  const out = new Problems();
  switch (fault.kind) {
    case "power-off":
    case "power-on":
    case "crash":
    case "reboot":
      knownHost(lab, fault.host, "/host", out);
      break;
    case "nic-down":
    case "nic-up": {
      const host = knownHost(lab, fault.host, "/host", out);
      if (host) checkNic(host, fault.nic, out);
      break;
    }
    case "lagg-down":
    case "lagg-up": {
      const host = knownHost(lab, fault.host, "/host", out);
      if (host) checkLagg(host, fault.lagg, out);
      break;
    }
    case "partition":
      checkPartition(lab, fault.groups, out);
      break;
    case "heal":
      break;
    case "link-loss":
      checkNetwork(lab, fault.network, out);
      if (!Number.isFinite(fault.percent) || fault.percent < 0 || fault.percent > 100) {
        out.add("/percent", `link-loss ${fault.percent}% is outside 0-100%`, "0% heals the loss, 100% drops every frame");
      }
      break;
    case "link-delay":
      checkNetwork(lab, fault.network, out);
      if (!Number.isFinite(fault.delayMs) || fault.delayMs < 0 || fault.delayMs > MAX_DELAY_MS) {
        out.add("/delayMs", `link-delay ${fault.delayMs} ms is outside 0-${MAX_DELAY_MS} ms`, "0 ms heals the delay; for a longer outage use one-way-cut or partition");
      } else if (Math.abs(fault.delayMs * 1000 - Math.round(fault.delayMs * 1000)) > 1e-6) {
        out.add("/delayMs", `link-delay ${fault.delayMs} ms is finer than a microsecond`, "round the delay to whole microseconds");
      }
      break;
    case "one-way-cut":
      knownHost(lab, fault.from, "/from", out);
      knownHost(lab, fault.to, "/to", out);
      if (fault.from === fault.to) out.add("/to", `one-way-cut from ${fault.from} to itself`, "name two different hosts: FROM->TO");
      break;
    case "service-stop":
    case "service-start":
    case "service-crash":
    case "service-hang": {
      const host = knownHost(lab, fault.host, "/host", out);
      if (host) checkService(lab, host, fault.service, out);
      break;
    }
    case "sysctl": {
      const host = knownHost(lab, fault.host, "/host", out);
      if (host) checkSysctl(lab, host, fault.name, fault.value, out);
      break;
    }
    case "carp-demote": {
      const host = knownHost(lab, fault.host, "/host", out);
      if (!Number.isSafeInteger(fault.n) || Math.abs(fault.n) > DEMOTION_LIMIT) {
        out.add("/n", `carp-demote ${fault.n} is outside -${DEMOTION_LIMIT} to ${DEMOTION_LIMIT}`, "FreeBSD adds 240 per cause; a negative N removes demotion");
      }
      if (host) checkCarpHost(lab, host, "carp-demote", "/host", out);
      break;
    }
    case "disk-fail":
    case "disk-replace":
    case "slow-disk": {
      const host = knownHost(lab, fault.host, "/host", out);
      if (host) checkPoolDisk(lab, host, fault.disk, out);
      if (fault.kind === "slow-disk" && !(fault.factor >= 1 && fault.factor <= 1000)) {
        out.add("/factor", `slow-disk factor ${fault.factor} is outside 1-1000`, "1 is normal speed again; 20 makes every I/O 20 times slower");
      }
      break;
    }
    case "pool-full":
    case "pool-free": {
      const host = knownHost(lab, fault.host, "/host", out);
      if (host && !host.pools.some((p) => p.name === fault.pool)) {
        const withPools = lab.hosts.filter((h) => h.pools.length).map((h) => `${h.name} (${h.pools.map((p) => p.name).join(", ")})`);
        out.add("/pool", `unknown pool "${fault.pool}" on ${host.name}: ${choices(fault.pool, host.pools.map((p) => p.name))}`, `hosts with pools: ${withPools.join(", ") || "(none)"}`);
      }
      break;
    }
    case "replica-stop":
    case "replica-start":
    case "mysql-crash": {
      const host = knownHost(lab, fault.host, "/host", out);
      const members = lab.mysql.flatMap((p) => [p.master, p.replica]);
      if (host && !members.includes(host.name)) out.add("/host", `${host.name} runs no MySQL of a replication pair`, `MySQL hosts: ${members.join(", ") || "(none)"}`);
      break;
    }
    case "storage-link-down":
    case "storage-link-up":
    case "storage-link-rate": {
      const host = knownHost(lab, fault.host, "/host", out);
      const storageNets = storageNetworks(lab);
      if (host && !host.interfaces.some((i) => storageNets.has(i.network))) {
        const onStorage = lab.hosts.filter((h) => h.interfaces.some((i) => storageNets.has(i.network))).map((h) => h.name);
        out.add("/host", `${host.name} has no interface on a storage network`, `hosts on a storage network: ${onStorage.join(", ") || "(none)"}`);
      }
      if (fault.kind === "storage-link-rate" && fault.mbitPerS !== null && !(fault.mbitPerS > 0 && fault.mbitPerS <= 100_000)) {
        out.add("/mbitPerS", `storage-link-rate ${fault.mbitPerS} Mbit/s is outside (0, 100000]`, 'write "full" to restore the link\'s own rate');
      }
      break;
    }
    case "storage-promote":
    case "storage-demote": {
      const host = knownHost(lab, fault.host, "/host", out);
      const members = lab.storage.flatMap((p) => [p.primary, p.replica]);
      if (host && !members.includes(host.name)) out.add("/host", `${host.name} is in no storage pair`, `storage hosts: ${members.join(", ") || "(none)"}`);
      break;
    }
    default: {
      // Only reachable from untyped input (JSON): a kind outside the vocabulary.
      const kind = String((fault as { kind?: unknown }).kind);
      out.add("/kind", `unknown fault kind "${kind}": ${choices(kind, FAULT_KINDS)}`, listForms());
    }
  }
  return out.list;
}

/** Problems with a whole schedule (pointers start with the entry's index); `durationUs` bounds the times. */
export function validateSchedule(schedule: readonly ScheduledFault[], lab: ResolvedLab, durationUs?: number): FaultProblem[] {
  return schedule.flatMap((entry, i) => {
    const problems: FaultProblem[] = [];
    if (!Number.isSafeInteger(entry.atUs) || entry.atUs < 0) {
      problems.push({ pointer: `/${i}/atUs`, message: `time ${entry.atUs} us is not a whole number of microseconds >= 0`, hint: "times count from the start of the run" });
    } else if (durationUs !== undefined && entry.atUs > durationUs) {
      problems.push({ pointer: `/${i}/atUs`, message: `time ${entry.atUs} us is after the end of the run (${durationUs} us)`, hint: "lengthen the run or fault earlier" });
    }
    for (const p of validateFault(entry.fault, lab)) problems.push({ ...p, pointer: `/${i}/fault${p.pointer}` });
    return problems;
  });
}
