// Semantic checks across hosts: CARP groups, the request chains, MySQL pairs, storage pairs.

import { parseDurationS } from "../lib/duration.js";
import { choices } from "../lib/suggest.js";
import { type Findings, pointer } from "./diagnostics.js";
import { checkUnique } from "./check-hosts.js";
import { hostNetworks, type LabIndex, runs } from "./lab-index.js";
import type { LabSpec, ServiceKind } from "./types.js";

function knownHost(findings: Findings, index: LabIndex, name: string, at: string): boolean {
  if (index.hosts.has(name)) return true;
  findings.error("unknown-host", at, `host "${name}" is not defined`, choices(name, index.hostNames));
  return false;
}

function knownCarp(findings: Findings, index: LabIndex, name: string, at: string): boolean {
  if (index.carp.has(name)) return true;
  findings.error("unknown-carp-group", at, `CARP group "${name}" is not defined`, choices(name, index.carpNames));
  return false;
}

function needsService(findings: Findings, index: LabIndex, host: string, kind: ServiceKind, at: string, why: string): void {
  const h = index.hosts.get(host);
  if (h && !runs(h.value, kind)) {
    findings.error("missing-service", at, `${host} does not run ${kind}, ${why}`, `add { kind: "${kind}" } to the services of ${host} (${h.pointer})`);
  }
}

export function checkCarp(findings: Findings, lab: LabSpec, index: LabIndex): void {
  const groups = lab.carp ?? [];
  checkUnique(findings, groups, "/carp", "CARP group");
  const vhidOn = new Map<string, number>();
  const preemptOf = new Map<string, { value: boolean; at: string }>();
  groups.forEach((group, g) => {
    const at = (...rest: (string | number)[]) => pointer("carp", g, ...rest);
    if (!index.networks.has(group.network)) {
      findings.error("unknown-network", at("network"), `network "${group.network}" is not defined`, choices(group.network, index.networkNames));
    }
    const key = `${group.network}/${group.vhid}`;
    const other = vhidOn.get(key);
    if (other !== undefined) {
      findings.error("carp-vhid-clash", at("vhid"), `vhid ${group.vhid} is already used on network ${group.network} by group "${groups[other]!.name}"`,
        "each CARP group on a segment needs its own vhid (1-255): its virtual MAC is 00:00:5e:00:01:<vhid>");
    } else vhidOn.set(key, g);

    const seen = new Set<string>();
    group.members.forEach((member, m) => {
      const mat = at("members", m);
      if (!knownHost(findings, index, member.host, mat + "/host")) return;
      if (seen.has(member.host)) {
        findings.error("carp-member-twice", mat + "/host", `${member.host} is listed twice in group ${group.name}`, "list each member once");
        return;
      }
      seen.add(member.host);
      const host = index.hosts.get(member.host)!.value;
      if (index.networks.has(group.network) && !hostNetworks(host).has(group.network)) {
        findings.error("carp-member-no-interface", mat + "/host", `${member.host} has no interface on network ${group.network}, where the VIP of ${group.name} lives`,
          `add a LAGG or NIC on ${group.network} to ${member.host}, or remove it from the group`);
      }
      const preempt = member.preempt ?? group.preempt ?? true;
      const earlier = preemptOf.get(member.host);
      if (earlier && earlier.value !== preempt) {
        findings.error("carp-preempt-conflict", mat, `${member.host} needs net.inet.carp.preempt=${preempt ? 1 : 0} here but ${earlier.value ? 1 : 0} at ${earlier.at}`,
          "preempt is one host-wide sysctl: use the same value in every group of the host");
      } else preemptOf.set(member.host, { value: preempt, at: mat });
    });
    const bySkew = new Map<number, string>();
    group.members.forEach((member, m) => {
      const same = bySkew.get(member.advskew);
      if (same !== undefined && same !== member.host) {
        findings.warn("carp-equal-advskew", at("members", m, "advskew"),
          `${member.host} and ${same} both have advskew ${member.advskew}: CARP has no tie-break, a master steps down on a tie`,
          "give the preferred master advskew 0 and its peers 100");
      } else bySkew.set(member.advskew, member.host);
    });
    if (group.members.length === 1) {
      findings.warn("carp-single-member", at("members"), `group ${group.name} has one member: nothing to fail over to`, "add a second member");
    }
    // ifstated demotes a member on failure; the address only moves if the peers preempt.
    const demoting = group.members.filter((m) => index.hosts.get(m.host) && runs(index.hosts.get(m.host)!.value, "ifstated"));
    group.members.forEach((member, m) => {
      const preempt = member.preempt ?? group.preempt ?? true;
      const other = demoting.find((d) => d.host !== member.host);
      if (!preempt && other) {
        findings.warn("carp-demotion-without-preempt", at("members", m),
          `ifstated on ${other.host} demotes CARP on failure, but ${member.host} has preempt off: it would never take over ${group.name}`,
          `set preempt: true on ${member.host} (net.inet.carp.preempt=1)`);
      }
    });
  });
}

export function checkChains(findings: Findings, lab: LabSpec, index: LabIndex): void {
  checkUnique(findings, lab.chains ?? [], "/chains", "chain");
  (lab.chains ?? []).forEach((chain, c) => {
    const at = (...rest: (string | number)[]) => pointer("chains", c, ...rest);
    if (!knownCarp(findings, index, chain.entry, at("entry"))) return;
    // Hosts currently running the calling side of each service kind, starting at the entry VIP's members.
    const reached = new Map<ServiceKind, string[]>();
    const first = chain.hops[0]!;
    reached.set(first.from, index.carp.get(chain.entry)!.value.members.map((m) => m.host).filter((h) => index.hosts.has(h)));
    for (const host of reached.get(first.from)!) needsService(findings, index, host, first.from, at("entry"), `but it is a member of the entry group ${chain.entry}`);
    chain.hops.forEach((hop, i) => {
      const hat = (...rest: (string | number)[]) => at("hops", i, ...rest);
      const callers = reached.get(hop.from);
      if (!callers) {
        findings.error("chain-unreached", hat("from"), `no earlier hop reaches ${hop.from}`,
          `start the chain at the entry's service (${first.from}) and list hops in order`);
        return;
      }
      let targets: string[] = [];
      const networksOf = (host: string) => hostNetworks(index.hosts.get(host)!.value);
      if (hop.via) {
        if (!knownCarp(findings, index, hop.via, hat("via"))) return;
        const group = index.carp.get(hop.via)!.value;
        targets = group.members.map((m) => m.host).filter((h) => index.hosts.has(h));
        const cut = callers.filter((c) => !networksOf(c).has(group.network));
        if (cut.length && index.networks.has(group.network)) {
          findings.error("chain-vip-unreachable", hat("via"), `${cut.join(", ")} ${cut.length === 1 ? "has" : "have"} no interface on network ${group.network}, where the ${hop.via} VIP is`,
            `put the ${hop.via} group on a network its callers share, or give ${cut[0]} an interface on ${group.network}`);
        }
      } else if (hop.hosts) {
        hop.hosts.forEach((h, k) => {
          if (!knownHost(findings, index, h, hat("hosts", k))) return;
          targets.push(h);
          const cut = callers.filter((c) => ![...networksOf(c).keys()].some((n) => networksOf(h).has(n)));
          if (cut.length) {
            findings.error("chain-host-unreachable", hat("hosts", k), `${h} shares no network with ${cut.join(", ")}, which ${cut.length === 1 ? "sends" : "send"} it ${hop.to} traffic`,
              `give ${h} an interface on a network of ${cut[0]} (e.g. ${[...networksOf(cut[0]!).keys()].join(" or ") || "any"})`);
          }
        });
      } else {
        targets = callers;
      }
      const targetAt = hop.via ? hat("via") : hop.hosts ? hat("hosts") : hat("to");
      for (const t of targets) needsService(findings, index, t, hop.to, targetAt,
        hop.via || hop.hosts ? `but ${hop.from} sends ${hop.to} traffic to it` : `but ${hop.from} calls a local ${hop.to} (name the hosts with "hosts" or "via")`);
      if (!reached.has(hop.to)) reached.set(hop.to, targets);
    });
  });
}

export function checkMysql(findings: Findings, lab: LabSpec, index: LabIndex): void {
  checkUnique(findings, lab.mysql ?? [], "/mysql", "MySQL pair");
  (lab.mysql ?? []).forEach((pair, p) => {
    const at = (k: string) => pointer("mysql", p, k);
    const okMaster = knownHost(findings, index, pair.master, at("master"));
    const okReplica = knownHost(findings, index, pair.replica, at("replica"));
    if (okMaster) needsService(findings, index, pair.master, "mysql", at("master"), "but it is the MySQL master");
    if (okReplica) needsService(findings, index, pair.replica, "mysql", at("replica"), "but it is the MySQL replica");
    if (pair.master === pair.replica) {
      findings.error("mysql-same-host", at("replica"), `the replica is the master (${pair.master})`, "name two different hosts");
    }
    if (!knownCarp(findings, index, pair.carp, at("carp"))) return;
    const members = index.carp.get(pair.carp)!.value.members;
    for (const host of [pair.master, pair.replica]) {
      if (index.hosts.has(host) && !members.some((m) => m.host === host)) {
        findings.error("mysql-not-in-carp", at("carp"), `${host} is not a member of CARP group ${pair.carp}`,
          `add ${host} to the members of ${pair.carp}: ifstated promotes the replica when it becomes CARP master`);
      }
    }
    const preferred = [...members].sort((a, b) => a.advskew - b.advskew)[0];
    if (preferred && preferred.host !== pair.master && members.some((m) => m.host === pair.master)) {
      findings.warn("mysql-master-not-preferred", at("master"), `${pair.master} is the master but ${preferred.host} has the lowest advskew in ${pair.carp}`,
        `give ${pair.master} the lowest advskew so the VIP starts on the writable server`);
    }
  });
}

export function checkStorage(findings: Findings, lab: LabSpec, index: LabIndex): void {
  checkUnique(findings, lab.storage ?? [], "/storage", "storage pair");
  (lab.storage ?? []).forEach((pair, p) => {
    const at = (...rest: (string | number)[]) => pointer("storage", p, ...rest);
    checkUnique(findings, pair.datasets, at("datasets"), "dataset");
    const datasetNames = pair.datasets.map((d) => d.name);
    for (const [key, host] of [["primary", pair.primary], ["replica", pair.replica]] as const) {
      if (!knownHost(findings, index, host, at(key))) continue;
      const h = index.hosts.get(host)!.value;
      if (!(h.pools ?? []).some((pool) => pool.name === pair.pool)) {
        findings.error("unknown-pool", at("pool"), `${host} has no pool "${pair.pool}"`,
          choices(pair.pool, (h.pools ?? []).map((x) => x.name)));
      }
    }
    if (pair.primary === pair.replica) findings.error("storage-same-host", at("replica"), `the replica is the primary (${pair.primary})`, "name two different hosts");
    const primary = index.hosts.get(pair.primary)?.value;
    const replica = index.hosts.get(pair.replica)?.value;
    if (primary && replica && pair.primary !== pair.replica) {
      const shared = [...hostNetworks(primary).keys()].filter((n) => hostNetworks(replica).has(n));
      if (shared.length === 0) {
        findings.error("storage-no-link", at("replica"), `${pair.primary} and ${pair.replica} share no network for replication`,
          "put both on the storage network");
      }
    }
    const shortest = Math.min(...pair.snapshots.map((s) => parseDurationS(s.every) ?? Infinity));
    pair.snapshots.forEach((s, i) => {
      const every = parseDurationS(s.every);
      const keep = parseDurationS(s.keep);
      if (every !== undefined && keep !== undefined && keep < every) {
        findings.error("snapshot-keep-short", at("snapshots", i, "keep"), `keep ${s.keep} is shorter than the interval ${s.every}: no snapshot would survive`,
          "keep snapshots at least one interval");
      }
    });
    if (pair.replicationEvery && pair.snapshots.length && (parseDurationS(pair.replicationEvery) ?? 0) < shortest) {
      findings.warn("replication-faster-than-snapshots", at("replicationEvery"), `replication every ${pair.replicationEvery} is more often than the shortest snapshot schedule`,
        "replicate at the shortest snapshot interval; sends in between have nothing new");
    }
    const mounts = (list: readonly { readonly host: string }[], base: string, network: string | undefined, service: ServiceKind) => {
      if (primary && !runs(primary, service)) needsService(findings, index, pair.primary, service, base, `but it exports over ${service}`);
      list.forEach((c, k) => {
        if (!knownHost(findings, index, c.host, `${base}/consumers/${k}/host`)) return;
        const storageNet = network ?? [...hostNetworks(primary ?? index.hosts.get(c.host)!.value).keys()].find((n) =>
          hostNetworks(index.hosts.get(c.host)!.value).has(n));
        if (!storageNet || !hostNetworks(index.hosts.get(c.host)!.value).has(storageNet)) {
          findings.error("consumer-no-network", `${base}/consumers/${k}/host`, `${c.host} has no interface on ${storageNet ?? "a network shared with " + pair.primary}`,
            `add a LAGG on the storage network to ${c.host}`);
        }
      });
    };
    const exported = new Map<string, number>();
    (pair.nfs ?? []).forEach((e, i) => {
      const first = exported.get(e.dataset);
      if (first !== undefined) {
        findings.error("nfs-export-twice", at("nfs", i, "dataset"), `dataset ${e.dataset} is already exported at ${at("nfs", first)}`,
          "export each dataset once and list all its consumers there");
      } else exported.set(e.dataset, i);
      if (!datasetNames.includes(e.dataset)) findings.error("unknown-dataset", at("nfs", i, "dataset"), `dataset "${e.dataset}" is not defined`, choices(e.dataset, datasetNames));
      if (!index.networks.has(e.network)) findings.error("unknown-network", at("nfs", i, "network"), `network "${e.network}" is not defined`, choices(e.network, index.networkNames));
      else if (primary && !hostNetworks(primary).has(e.network)) {
        findings.error("export-no-interface", at("nfs", i, "network"), `${pair.primary} has no interface on ${e.network}`, `export on a network ${pair.primary} is on`);
      }
      mounts(e.consumers, at("nfs", i), index.networks.has(e.network) ? e.network : undefined, "nfs");
    });
    (pair.iscsi ?? []).forEach((t, i) => {
      if (!datasetNames.includes(t.dataset)) findings.error("unknown-dataset", at("iscsi", i, "dataset"), `dataset "${t.dataset}" is not defined`, choices(t.dataset, datasetNames));
      if (t.consumers.length > 1) {
        findings.warn("iscsi-shared-lun", at("iscsi", i, "consumers"), `LUN ${t.name} has ${t.consumers.length} initiators: UFS/ZFS on it is not cluster-safe`,
          "give each consumer its own LUN");
      }
      mounts(t.consumers, at("iscsi", i), undefined, "iscsi");
    });
    checkUnique(findings, pair.iscsi ?? [], at("iscsi"), "iSCSI target");
  });
}

export function checkMacs(findings: Findings, lab: LabSpec): void {
  const owner = new Map<string, string>();
  lab.hosts.forEach((host, h) => host.nics.forEach((nic, n) => {
    if (!nic.mac) return;
    const at = pointer("hosts", h, "nics", n, "mac");
    const first = owner.get(nic.mac);
    if (first) findings.error("mac-duplicate", at, `MAC ${nic.mac} is already used by ${first}`, "omit mac to derive a unique one");
    else if (parseInt(nic.mac.slice(0, 2), 16) & 1) findings.error("mac-multicast", at, `${nic.mac} is a multicast MAC`, "the first octet must be even, e.g. 02:...");
    else owner.set(nic.mac, `${host.name} ${nic.name}`);
  }));
}

export function checkRequirements(findings: Findings, lab: LabSpec): void {
  const r = lab.requirements;
  if (!r) return;
  for (const key of ["pageLoadS", "registrationS", "registeredUsers"] as const) {
    if (r[key].min > r[key].max) {
      findings.error("range-inverted", pointer("requirements", key), `min ${r[key].min} is above max ${r[key].max}`, "swap min and max");
    }
  }
  const t = lab.traffic;
  if (t && (t.registeredUsers < r.registeredUsers.min || t.registeredUsers > r.registeredUsers.max)) {
    findings.warn("traffic-outside-requirements", "/traffic/registeredUsers",
      `traffic profile has ${t.registeredUsers} registered users, outside the required ${r.registeredUsers.min}-${r.registeredUsers.max}`,
      "simulate a number of users inside the requirement");
  }
}
