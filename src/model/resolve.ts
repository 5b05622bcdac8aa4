// resolve(): the one place defaults are applied. Takes a validated LabSpec and the lab's secrets and
// returns a ResolvedLab where every address, MAC, device name and service setting is explicit.
// Pure and deterministic: the same spec and secrets give the same result.

import { fnv1a32 } from "../lib/hash.js";
import { formatIpv4, netmaskText, networkAddress, parseCidr } from "../lib/ipv4.js";
import { parseDurationS, formatDurationS } from "../lib/duration.js";
import { planAddresses } from "./address-plan.js";
import { pointer } from "./diagnostics.js";
import { hostNetworks } from "./lab-index.js";
import {
  DAILY_CURVE, DEFAULT_PORTS, HAPROXY_DEFAULTS, MYSQL_DEFAULTS, NGINX_DEFAULTS, OS_DISK_DEFAULT, REQUIREMENTS_DEFAULTS,
  ROLE_DEFAULTS, SOLR_DEFAULTS, TRAFFIC_DEFAULTS, VARNISH_DEFAULTS, ZOPE_DEFAULTS,
} from "./service-defaults.js";
import type {
  DiskBus, DiskSpec, Endpoint, HostSpec, LabSecrets, LabSpec, PoolSpec, ResolvedCarpGroup, ResolvedChain, ResolvedDisk,
  ResolvedHop, ResolvedHost, ResolvedInterface, ResolvedLab, ResolvedMysqlPair, ResolvedNetwork, ResolvedNic, ResolvedPool,
  ResolvedService, ResolvedStoragePair, ResolvedVdev, ServiceKind, ServiceSpec, VdevSpec,
} from "./types.js";

export class UnresolvableLabError extends Error {}

const DEVICE_PREFIX: Readonly<Record<DiskBus, string>> = { sata: "ada", scsi: "da", virtio: "vtbd" };

/** Locally administered unicast MAC derived from the lab, host and NIC names. */
function deriveMac(lab: string, host: string, nic: string, taken: Set<string>): string {
  for (let salt = 0; ; salt++) {
    const h = fnv1a32(`${lab}/${host}/${nic}/${salt}`);
    const bytes = [0x02, 0x5d, h >>> 24, (h >>> 16) & 0xff, (h >>> 8) & 0xff, h & 0xff];
    const mac = bytes.map((b) => b.toString(16).padStart(2, "0")).join(":");
    if (!taken.has(mac)) {
      taken.add(mac);
      return mac;
    }
  }
}

const DEFAULT_OS_DISKS: readonly DiskSpec[] = [
  { name: "os0", ...OS_DISK_DEFAULT },
  { name: "os1", ...OS_DISK_DEFAULT },
];
const DEFAULT_OS_POOL: PoolSpec = { name: "zroot", vdevs: [{ type: "mirror", disks: ["os0", "os1"] }] };

function resolveDisks(host: HostSpec): { disks: ResolvedDisk[]; pools: ResolvedPool[] } {
  const specs = host.disks?.length ? host.disks : DEFAULT_OS_DISKS;
  const poolSpecs = host.disks?.length ? host.pools ?? [] : [DEFAULT_OS_POOL, ...(host.pools ?? [])];
  const counters: Record<DiskBus, number> = { sata: 0, scsi: 0, virtio: 0 };
  const disks = specs.map((d): ResolvedDisk => {
    const bus = d.bus ?? (d.kind === "hdd" ? "scsi" : "sata");
    return { name: d.name, kind: d.kind, sizeGiB: d.sizeGiB, bus, device: `${DEVICE_PREFIX[bus]}${counters[bus]++}` };
  });
  const device = new Map(disks.map((d) => [d.name, d.device]));
  const vdev = (v: VdevSpec): ResolvedVdev => ({ type: v.type, disks: v.disks, devices: v.disks.map((d) => device.get(d)!) });
  const pools = poolSpecs.map((p): ResolvedPool => ({ name: p.name, vdevs: p.vdevs.map(vdev), ...(p.log ? { log: vdev(p.log) } : {}) }));
  return { disks, pools };
}

function resolveService(s: ServiceSpec, host: HostSpec, vipOf: (group: string) => string): ResolvedService {
  const bind = s.bind ?? "*";
  const common = {
    ports: s.ports ?? DEFAULT_PORTS[s.kind],
    bindAddress: bind === "*" ? "0.0.0.0" : bind.startsWith("carp:") ? vipOf(bind.slice(5)) : bind,
    ...(bind.startsWith("carp:") ? { bindCarp: bind.slice(5) } : {}),
  };
  switch (s.kind) {
    case "nginx":
      return { ...common, kind: s.kind, workerProcesses: s.workerProcesses ?? host.cpus ?? ROLE_DEFAULTS[host.role].cpus, ...NGINX_DEFAULTS };
    case "varnish":
      return {
        ...common, kind: s.kind, storageMiB: s.storageMiB ?? VARNISH_DEFAULTS.storageMiB, graceS: s.graceS ?? VARNISH_DEFAULTS.graceS,
        probe: { ...VARNISH_DEFAULTS.probe, ...s.probe },
      };
    case "haproxy":
      return {
        ...common, kind: s.kind, check: { ...HAPROXY_DEFAULTS.check, ...s.check }, cookie: s.cookie ?? HAPROXY_DEFAULTS.cookie,
        redispatch: s.redispatch ?? HAPROXY_DEFAULTS.redispatch, maxconnPerServer: s.maxconnPerServer ?? HAPROXY_DEFAULTS.maxconnPerServer,
      };
    case "zope":
      return { ...common, kind: s.kind, threads: s.threads ?? ZOPE_DEFAULTS.threads, serviceTimeMs: s.serviceTimeMs ?? ZOPE_DEFAULTS.serviceTimeMs };
    case "solr":
      return { ...common, kind: s.kind, heapMiB: s.heapMiB ?? SOLR_DEFAULTS.heapMiB };
    case "mysql":
      return { ...common, kind: s.kind, bufferPoolMiB: s.bufferPoolMiB ?? MYSQL_DEFAULTS.bufferPoolMiB };
    default:
      return { ...common, kind: s.kind };
  }
}

/** Resolves a lab that validateLab() accepted; throws UnresolvableLabError on a lab it did not. */
export function resolve(spec: LabSpec, secrets: LabSecrets): ResolvedLab {
  const plan = planAddresses(spec);
  if (plan.findings.list.some((d) => d.severity === "error")) {
    throw new UnresolvableLabError(`lab "${spec.name}" has address errors; run validateLab() first`);
  }
  const addressAt = (ptr: string): string => {
    const address = plan.byPointer.get(ptr);
    if (address === undefined) throw new UnresolvableLabError(`no address planned for ${ptr}`);
    return address;
  };
  const networks = spec.networks.map((n): ResolvedNetwork => {
    const cidr = parseCidr(n.cidr)!;
    return {
      name: n.name, kind: n.kind ?? "private", cidr: n.cidr, network: formatIpv4(networkAddress(cidr)),
      prefixLength: cidr.prefixLength, netmask: netmaskText(cidr.prefixLength),
    };
  });
  const prefixOf = new Map(networks.map((n) => [n.name, n.prefixLength]));

  const groups = (spec.carp ?? []).map((g, gi): ResolvedCarpGroup => ({
    name: g.name, vhid: g.vhid, network: g.network, address: addressAt(pointer("carp", gi)), prefixLength: prefixOf.get(g.network)!,
    advbase: g.advbase ?? 1,
    members: g.members.map((m) => ({
      host: m.host, advskew: m.advskew, preempt: m.preempt ?? g.preempt ?? true,
      interface: hostNetworks(spec.hosts.find((h) => h.name === m.host)!).get(g.network)!,
    })),
  }));
  const vipOf = (group: string) => groups.find((g) => g.name === group)!.address;

  const takenMacs = new Set(spec.hosts.flatMap((h) => h.nics.flatMap((n) => (n.mac ? [n.mac] : []))));
  const hosts = spec.hosts.map((h, hi): ResolvedHost => {
    const laggOf = new Map((h.laggs ?? []).flatMap((l) => l.ports.map((p) => [p, l.name] as const)));
    const nics = h.nics.map((n, ni): ResolvedNic => ({
      name: n.name,
      mac: n.mac ?? deriveMac(spec.name, h.name, n.name, takenMacs),
      ...(n.network ? { network: n.network, address: addressAt(pointer("hosts", hi, "nics", ni)) } : {}),
      ...(laggOf.has(n.name) ? { lagg: laggOf.get(n.name)! } : {}),
    }));
    const laggs = (h.laggs ?? []).map((l, li) => ({
      name: l.name, protocol: l.protocol ?? "lacp", ports: l.ports, network: l.network,
      address: addressAt(pointer("hosts", hi, "laggs", li)), prefixLength: prefixOf.get(l.network)!,
    }));
    const interfaces: ResolvedInterface[] = [
      ...laggs.map((l) => ({ name: l.name, kind: "lagg" as const, network: l.network, address: l.address, prefixLength: l.prefixLength })),
      ...nics.filter((n) => n.network).map((n) => ({
        name: n.name, kind: "nic" as const, network: n.network!, address: n.address!, prefixLength: prefixOf.get(n.network!)!,
      })),
    ];
    const memberships = groups.flatMap((g) => g.members.filter((m) => m.host === h.name).map((m) => ({
      group: g.name, vhid: g.vhid, interface: m.interface, address: g.address, prefixLength: g.prefixLength,
      advbase: g.advbase, advskew: m.advskew, preempt: m.preempt,
    })));
    return {
      name: h.name, role: h.role, cpus: h.cpus ?? ROLE_DEFAULTS[h.role].cpus, memoryMiB: h.memoryMiB ?? ROLE_DEFAULTS[h.role].memoryMiB,
      nics, laggs, interfaces, ...resolveDisks(h),
      services: h.services.map((s) => resolveService(s, h, vipOf)),
      carp: memberships.map(({ preempt: _, ...m }) => m),
      carpPreempt: memberships.length ? memberships[0]!.preempt : true,
    };
  });
  const hostByName = new Map(hosts.map((h) => [h.name, h]));
  const addressOn = (host: string, network: string) =>
    hostByName.get(host)!.interfaces.find((i) => i.network === network)?.address;
  const portsOf = (host: string, kind: ServiceKind) => hostByName.get(host)!.services.find((s) => s.kind === kind)!.ports;

  const chains = (spec.chains ?? []).map((c): ResolvedChain => {
    const entry = groups.find((g) => g.name === c.entry)!;
    const reached = new Map<ServiceKind, string[]>([[c.hops[0]!.from, entry.members.map((m) => m.host)]]);
    const hops = c.hops.map((hop): ResolvedHop => {
      const callers = reached.get(hop.from)!;
      const via = hop.via ? groups.find((g) => g.name === hop.via)! : undefined;
      const targets = via ? via.members.map((m) => m.host) : hop.hosts ? [...hop.hosts] : callers;
      if (!reached.has(hop.to)) reached.set(hop.to, targets);
      return {
        from: hop.from, to: hop.to, ...(hop.via ? { via: hop.via } : {}),
        callers: callers.map((caller) => {
          let upstreams: Endpoint[];
          if (via) {
            upstreams = portsOf(targets[0]!, hop.to).map((port) => ({ address: via.address, port }));
          } else if (!hop.hosts) {
            upstreams = portsOf(caller, hop.to).map((port) => ({ host: caller, address: "127.0.0.1", port }));
          } else {
            upstreams = targets.flatMap((t) => {
              const shared = hostByName.get(caller)!.interfaces.map((i) => i.network).find((n) => addressOn(t, n));
              const address = shared ? addressOn(t, shared)! : hostByName.get(t)!.interfaces[0]!.address;
              return portsOf(t, hop.to).map((port) => ({ host: t, address, port }));
            });
          }
          return { host: caller, upstreams };
        }),
      };
    });
    return { name: c.name, entry: { carp: entry.name, address: entry.address, ports: portsOf(entry.members[0]!.host, c.hops[0]!.from) }, hops };
  });

  const mysql = (spec.mysql ?? []).map((m): ResolvedMysqlPair => {
    const group = groups.find((g) => g.name === m.carp)!;
    const clients = [...new Set(chains.flatMap((c) => c.hops.filter((h) => h.to === "mysql").flatMap((h) => h.callers.map((x) => x.host))))].sort();
    return {
      name: m.name, master: m.master, replica: m.replica, carp: m.carp, vip: group.address, port: portsOf(m.master, "mysql")[0]!,
      semiSync: m.semiSync ?? false, semiSyncTimeoutMs: m.semiSyncTimeoutMs ?? MYSQL_DEFAULTS.semiSyncTimeoutMs,
      replicationUser: m.replicationUser ?? MYSQL_DEFAULTS.replicationUser, serverIds: { [m.master]: 1, [m.replica]: 2 }, clients,
    };
  });

  const storage = (spec.storage ?? []).map((s): ResolvedStoragePair => {
    const snapshots = s.snapshots.map((x) => {
      const everyS = parseDurationS(x.every)!;
      const keepS = parseDurationS(x.keep)!;
      return { label: formatDurationS(everyS), everyS, keepS, retained: Math.floor(keepS / everyS) };
    });
    const shortest = snapshots.length ? Math.min(...snapshots.map((x) => x.everyS)) : 300;
    const sharedNetwork = hostByName.get(s.primary)!.interfaces.map((i) => i.network).find((n) => addressOn(s.replica, n))!;
    const path = (dataset: string) => `${s.pool}/${dataset}`;
    const serverOn = (network: string) => addressOn(s.primary, network)!;
    return {
      name: s.name, primary: s.primary, replica: s.replica, pool: s.pool,
      datasets: s.datasets.map((d) => ({ name: d.name, path: path(d.name), ...(d.quotaGiB ? { quotaGiB: d.quotaGiB } : {}) })),
      snapshots, replicationEveryS: s.replicationEvery ? parseDurationS(s.replicationEvery)! : shortest,
      replicationTarget: addressOn(s.replica, sharedNetwork)!,
      nfs: (s.nfs ?? []).map((e) => ({
        dataset: e.dataset, path: path(e.dataset), network: e.network, cidr: networks.find((n) => n.name === e.network)!.cidr,
        server: serverOn(e.network), consumers: e.consumers,
      })),
      iscsi: (s.iscsi ?? []).map((t) => {
        const consumerNet = hostByName.get(s.primary)!.interfaces.map((i) => i.network).find((n) => t.consumers.every((c) => addressOn(c.host, n))) ?? sharedNetwork;
        return {
          name: t.name, iqn: `iqn.2011-01.lab.${spec.name.replace(/[^a-z0-9]/g, "")}:${t.name}`, dataset: t.dataset,
          file: `/${path(t.dataset)}/${t.name}.img`, sizeGiB: t.sizeGiB, server: serverOn(consumerNet), consumers: t.consumers,
        };
      }),
    };
  });

  const t = spec.traffic;
  return {
    name: spec.name, release: spec.release ?? "14.2", description: spec.description ?? "",
    networks, hosts, carp: groups, chains, mysql, storage,
    requirements: spec.requirements ?? REQUIREMENTS_DEFAULTS,
    traffic: {
      registeredUsers: t?.registeredUsers ?? 20000,
      peakSessionsPerS: t?.peakSessionsPerS ?? TRAFFIC_DEFAULTS.peakSessionsPerS,
      pageViewsPerSession: t?.pageViewsPerSession ?? TRAFFIC_DEFAULTS.pageViewsPerSession,
      registrationsPerHour: t?.registrationsPerHour ?? TRAFFIC_DEFAULTS.registrationsPerHour,
      cacheHitRatio: t?.cacheHitRatio ?? TRAFFIC_DEFAULTS.cacheHitRatio,
      dailyCurve: t?.dailyCurve ?? DAILY_CURVE,
    },
    secrets,
  };
}
