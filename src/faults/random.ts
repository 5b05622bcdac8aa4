// Random fault schedules for swarm tests: seeded (all randomness comes from the given rng), valid for
// the lab, every kind of damage dealt in turn, and most faults healed again later.

import { storageNetworks } from "./validate.js";
import type { ResolvedHost, ResolvedLab } from "../model/types.js";
import { inverseOf } from "./heal.js";
import { sysctlsFor, type SysctlInfo } from "./sysctls.js";
import type { Fault, FaultKind, ScheduledFault } from "./types.js";

export interface FaultRng {
  /** Integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** Float in [0, 1). */
  float(): number;
  pick<T>(xs: readonly T[]): T;
}

/** Share of injected faults that get their inverse scheduled later (when it still fits in the run). */
export const HEAL_PROBABILITY = 0.85;

/** The kinds that break something; their repairs come in as heals. */
const DAMAGE_KINDS = [
  "power-off", "crash", "reboot", "nic-down", "lagg-down", "partition", "link-loss", "link-delay",
  "one-way-cut", "service-stop", "service-crash", "service-hang", "sysctl", "carp-demote",
  "disk-fail", "slow-disk", "pool-full", "replica-stop", "mysql-crash", "storage-link-down", "storage-link-rate", "storage-promote",
] as const satisfies readonly FaultKind[];
type DamageKind = (typeof DAMAGE_KINDS)[number];

interface Draw {
  readonly rng: FaultRng;
  readonly lab: ResolvedLab;
  readonly atUs: number;
  /** Non-additive sysctls ("host name") in use until this time, so their heal restores the boot value. */
  readonly sysctlBusyUntil: Map<string, number>;
}

function shuffle<T>(rng: FaultRng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Two hosts that matter to each other: CARP peers half of the time, else any two. */
function pickPair(d: Draw): [string, string] {
  const groups = d.lab.carp.filter((g) => g.members.length >= 2);
  if (groups.length && d.rng.float() < 0.5) {
    const [a, b] = shuffle(d.rng, d.rng.pick(groups).members.map((m) => m.host));
    return [a!, b!];
  }
  const [a, b] = shuffle(d.rng, d.lab.hosts.map((h) => h.name));
  return [a!, b!];
}

function pickPartition(d: Draw): string[][] {
  const groups = d.lab.carp.filter((g) => g.members.length >= 2);
  if (groups.length && d.rng.float() < 0.5) {
    const [first, ...rest] = shuffle(d.rng, d.rng.pick(groups).members.map((m) => m.host));
    return [[first!], rest];
  }
  const hosts = shuffle(d.rng, d.lab.hosts.map((h) => h.name)).slice(0, d.rng.int(2, Math.min(d.lab.hosts.length, 6)));
  const count = d.rng.int(2, Math.min(3, hosts.length));
  const out: string[][] = hosts.slice(0, count).map((h) => [h]);
  for (const host of hosts.slice(count)) out[d.rng.int(0, count - 1)]!.push(host);
  return out;
}

/** The value a sysctl has when the host boots: the model says preempt; the others keep FreeBSD's default. */
function bootValue(host: ResolvedHost, info: SysctlInfo): number {
  return info.name === "net.inet.carp.preempt" ? (host.carpPreempt ? 1 : 0) : info.defaultValue;
}

/** Sysctls a fault may write on a host; net.inet.carp.log is left out (sysctl.conf sets it, the model does not say to what). */
function writableSysctls(d: Draw, host: ResolvedHost): SysctlInfo[] {
  const pfsync = host.services.some((s) => s.kind === "pfsync");
  return sysctlsFor(d.lab.release).filter((s) => s.name !== "net.inet.carp.log" && (s.module === "carp" ? host.carp.length > 0 : pfsync));
}

function drawSysctl(d: Draw): { fault: Fault; before: number } | undefined {
  const options = d.lab.hosts.flatMap((host) =>
    writableSysctls(d, host)
      .filter((info) => info.additive || (d.sysctlBusyUntil.get(`${host.name} ${info.name}`) ?? -1) < d.atUs)
      .map((info) => ({ host, info })),
  );
  if (!options.length) return undefined;
  const { host, info } = d.rng.pick(options);
  const before = bootValue(host, info);
  let value: number;
  if (info.additive) value = d.rng.pick([50, 100, 240]);
  else {
    value = d.rng.int(info.min, info.max - 1);
    if (value >= before) value += 1;
  }
  return { fault: { kind: "sysctl", host: host.name, name: info.name, value }, before };
}

function hostsWhere(lab: ResolvedLab, test: (h: ResolvedHost) => boolean): ResolvedHost[] {
  return lab.hosts.filter(test);
}

/** Can this kind be dealt in this lab at all? */
function applicable(lab: ResolvedLab, kind: DamageKind): boolean {
  switch (kind) {
    case "nic-down":
      return lab.hosts.some((h) => h.nics.length > 0);
    case "lagg-down":
      return lab.hosts.some((h) => h.laggs.length > 0);
    case "partition":
    case "one-way-cut":
      return lab.hosts.length >= 2;
    case "link-loss":
    case "link-delay":
      return lab.networks.length > 0;
    case "service-stop":
    case "service-crash":
    case "service-hang":
      return lab.hosts.some((h) => h.services.length > 0);
    case "sysctl":
    case "carp-demote":
      return lab.hosts.some((h) => h.carp.length > 0);
    case "disk-fail":
    case "slow-disk":
      return lab.hosts.some((h) => poolDisks(h).length > 0);
    case "pool-full":
      return lab.hosts.some((h) => h.pools.length > 0);
    case "replica-stop":
    case "mysql-crash":
      return lab.mysql.length > 0;
    case "storage-link-down":
    case "storage-link-rate":
      return storageHosts(lab).length > 0;
    case "storage-promote":
      return lab.storage.length > 0;
    default:
      return lab.hosts.length > 0;
  }
}

/** One fault of `kind`, and for sysctls the value its heal restores. */
function drawFault(d: Draw, kind: DamageKind): { fault: Fault; before?: number } {
  const { rng, lab } = d;
  switch (kind) {
    case "power-off":
    case "crash":
    case "reboot":
      return { fault: { kind, host: rng.pick(lab.hosts).name } };
    case "nic-down": {
      const host = rng.pick(hostsWhere(lab, (h) => h.nics.length > 0));
      return { fault: { kind, host: host.name, nic: rng.pick(host.nics).name } };
    }
    case "lagg-down": {
      const host = rng.pick(hostsWhere(lab, (h) => h.laggs.length > 0));
      return { fault: { kind, host: host.name, lagg: rng.pick(host.laggs).name } };
    }
    case "partition":
      return { fault: { kind, groups: pickPartition(d) } };
    case "link-loss": {
      const percent = rng.float() < 0.5 ? rng.pick([5, 10, 25, 50, 100]) : rng.int(1, 99);
      return { fault: { kind, network: rng.pick(lab.networks).name, percent } };
    }
    case "link-delay": {
      const delayMs = rng.float() < 0.5 ? rng.pick([1, 10, 50, 200, 1000, 3000]) : rng.int(1, 5000);
      return { fault: { kind, network: rng.pick(lab.networks).name, delayMs } };
    }
    case "one-way-cut": {
      const [from, to] = pickPair(d);
      return { fault: { kind, from, to } };
    }
    case "service-stop":
    case "service-crash":
    case "service-hang": {
      const host = rng.pick(hostsWhere(lab, (h) => h.services.length > 0));
      return { fault: { kind, host: host.name, service: rng.pick(host.services).kind } };
    }
    case "sysctl":
      return drawSysctl(d) ?? drawFault(d, "carp-demote");
    case "carp-demote": {
      const host = rng.pick(hostsWhere(lab, (h) => h.carp.length > 0));
      return { fault: { kind, host: host.name, n: rng.pick([1, 50, 100, 240]) } };
    }
    case "disk-fail":
    case "slow-disk": {
      const host = rng.pick(hostsWhere(lab, (h) => poolDisks(h).length > 0));
      const disk = rng.pick(poolDisks(host));
      return { fault: kind === "disk-fail" ? { kind, host: host.name, disk } : { kind, host: host.name, disk, factor: rng.pick([2, 10, 50]) } };
    }
    case "pool-full": {
      const host = rng.pick(hostsWhere(lab, (h) => h.pools.length > 0));
      return { fault: { kind, host: host.name, pool: rng.pick(host.pools).name } };
    }
    case "replica-stop":
    case "mysql-crash": {
      const pair = rng.pick(lab.mysql);
      return { fault: { kind, host: kind === "replica-stop" ? pair.replica : rng.pick([pair.master, pair.replica]) } };
    }
    case "storage-link-down":
      return { fault: { kind, host: rng.pick(storageHosts(lab)) } };
    case "storage-link-rate":
      return { fault: { kind, host: rng.pick(storageHosts(lab)), mbitPerS: rng.pick([1, 10, 100]) } };
    case "storage-promote":
      return { fault: { kind, host: rng.pick(lab.storage).replica } };
  }
}

function poolDisks(host: ResolvedHost): string[] {
  return host.pools.flatMap((p) => [...p.vdevs, ...(p.log ? [p.log] : [])].flatMap((v) => v.disks));
}

/** Hosts with an interface on a network that carries storage traffic. */
function storageHosts(lab: ResolvedLab): string[] {
  const nets = storageNetworks(lab);
  return lab.hosts.filter((h) => h.interfaces.some((i) => nets.has(i.network))).map((h) => h.name);
}

/**
 * `count` faults at random whole milliseconds in [0, durationUs), each kind dealt in turn from a
 * shuffled deck, most followed by their heal before the end; sorted by time (ties keep draw order).
 */
export function randomSchedule(lab: ResolvedLab, rng: FaultRng, durationUs: number, count: number): ScheduledFault[] {
  const kinds = DAMAGE_KINDS.filter((k) => applicable(lab, k));
  if (durationUs <= 0 || count <= 0 || !kinds.length) return [];
  const lastMs = Math.floor((durationUs - 1) / 1000);
  const maxHealMs = Math.max(1000, Math.floor(durationUs / 3000));
  const times = Array.from({ length: count }, () => rng.int(0, lastMs) * 1000).sort((a, b) => a - b);
  const sysctlBusyUntil = new Map<string, number>();
  const out: ScheduledFault[] = [];
  let deck: DamageKind[] = [];
  for (const atUs of times) {
    if (!deck.length) deck = shuffle(rng, kinds);
    const kind = deck.pop()!;
    const { fault, before } = drawFault({ rng, lab, atUs, sysctlBusyUntil }, kind);
    out.push({ atUs, fault });
    const healAt = rng.float() < HEAL_PROBABILITY ? atUs + rng.int(500, maxHealMs) * 1000 : Infinity;
    const healed = healAt < durationUs;
    if (healed) out.push({ atUs: healAt, fault: inverseOf(fault, before === undefined ? {} : { sysctlBefore: before }) });
    if (fault.kind === "sysctl" && before !== undefined) sysctlBusyUntil.set(`${fault.host} ${fault.name}`, healed ? healAt : Infinity);
  }
  return out.map((entry, i) => ({ entry, i })).sort((a, b) => a.entry.atUs - b.entry.atUs || a.i - b.i).map((x) => x.entry);
}
