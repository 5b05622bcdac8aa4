// Semantic checks of networks and of each host on its own: names, NICs and LAGGs, disks and pools,
// listening ports. Cross-host concerns (CARP, chains, replication) are in check-topology.ts.

import { overlaps, parseCidr, hostBitsSet, formatIpv4, networkAddress, type Cidr } from "../lib/ipv4.js";
import { choices } from "../lib/suggest.js";
import { type Findings, pointer } from "./diagnostics.js";
import type { LabIndex } from "./lab-index.js";
import { DEFAULT_PORTS } from "./service-defaults.js";
import type { HostSpec, LabSpec, VdevType } from "./types.js";

/** Reports every name after the first that repeats within a list. */
export function checkUnique(
  findings: Findings, items: readonly { readonly name: string }[], base: string, what: string, scope = "",
): void {
  const first = new Map<string, number>();
  items.forEach((item, i) => {
    const earlier = first.get(item.name);
    if (earlier === undefined) first.set(item.name, i);
    else findings.error("duplicate-name", `${base}/${i}/name`, `${what} "${item.name}"${scope ? ` on ${scope}` : ""} is defined twice (first at ${base}/${earlier})`,
      `rename one of them or remove the duplicate`);
  });
}

export function checkNetworks(findings: Findings, lab: LabSpec): void {
  checkUnique(findings, lab.networks, "/networks", "network");
  const parsed: { cidr: Cidr; name: string; i: number }[] = [];
  lab.networks.forEach((n, i) => {
    const at = pointer("networks", i, "cidr");
    const cidr = parseCidr(n.cidr);
    if (!cidr) {
      findings.error("cidr-invalid", at, `"${n.cidr}" is not a valid IPv4 prefix`, "octets 0-255 and a length 0-32, e.g. 10.0.20.0/24");
      return;
    }
    if (hostBitsSet(cidr)) {
      findings.error("cidr-host-bits", at, `"${n.cidr}" has host bits set`,
        `write the network address: ${formatIpv4(networkAddress(cidr))}/${cidr.prefixLength}`);
      return;
    }
    if (cidr.prefixLength === 32 || (cidr.prefixLength > 30 && n.kind !== "sync")) {
      findings.error("cidr-too-small", at, `"${n.cidr}" leaves no room for two hosts${n.kind === "sync" ? "" : " and a VIP"}`,
        n.kind === "sync" ? "use /31 or shorter for a point-to-point sync link" : "use /29 or shorter");
    }
    const clash = parsed.find((p) => overlaps(p.cidr, cidr));
    if (clash) {
      findings.error("cidr-overlap", at, `${n.cidr} overlaps network "${clash.name}" (/networks/${clash.i})`,
        "give each segment its own prefix");
    }
    parsed.push({ cidr, name: n.name, i });
  });
}

const MIN_DISKS: Readonly<Record<VdevType, number>> = { stripe: 1, mirror: 2, raidz1: 3, raidz2: 4, raidz3: 5 };

function checkHost(findings: Findings, host: HostSpec, h: number, index: LabIndex): void {
  const at = (...rest: (string | number)[]) => pointer("hosts", h, ...rest);
  checkUnique(findings, host.nics, at("nics"), "NIC", host.name);
  checkUnique(findings, host.laggs ?? [], at("laggs"), "LAGG", host.name);
  checkUnique(findings, host.disks ?? [], at("disks"), "disk", host.name);
  checkUnique(findings, host.pools ?? [], at("pools"), "pool", host.name);

  const nicNames = host.nics.map((n) => n.name);
  const portOf = new Map<string, string>(); // NIC -> LAGG it belongs to
  const onNetwork = new Map<string, string>(); // network -> interface
  const attach = (network: string, iface: string, ptr: string) => {
    if (!index.networks.has(network)) {
      findings.error("unknown-network", ptr, `network "${network}" is not defined`, choices(network, index.networkNames));
      return;
    }
    const other = onNetwork.get(network);
    if (other) {
      findings.error("network-twice", ptr, `${host.name} has both ${other} and ${iface} on network ${network}`,
        "FreeBSD routes one prefix through one interface: put both NICs into one LAGG");
    } else onNetwork.set(network, iface);
  };
  (host.laggs ?? []).forEach((lagg, l) => {
    lagg.ports.forEach((port, p) => {
      const ptr = at("laggs", l, "ports", p);
      if (!nicNames.includes(port)) {
        findings.error("unknown-nic", ptr, `${lagg.name} port "${port}" is not a NIC of ${host.name}`, choices(port, nicNames));
        return;
      }
      const owner = portOf.get(port);
      if (owner) {
        findings.error("lagg-port-reused", ptr, `${port} is already a port of ${owner}`, "a NIC can be a port of one LAGG only, once");
        return;
      }
      portOf.set(port, lagg.name);
    });
    if (lagg.ports.length === 1) {
      findings.warn("lagg-single-port", at("laggs", l, "ports"), `${lagg.name} on ${host.name} has a single port: no link redundancy`,
        "add a second NIC as a port");
    }
    attach(lagg.network, lagg.name, at("laggs", l, "network"));
  });
  host.nics.forEach((nic, n) => {
    const lagg = portOf.get(nic.name);
    if (nic.network && lagg) {
      findings.error("lagg-port-addressed", at("nics", n, "network"), `${nic.name} is a port of ${lagg} and cannot be addressed itself`,
        `remove "network" from ${nic.name}; the address belongs on ${lagg}`);
    } else if (nic.network) attach(nic.network, nic.name, at("nics", n, "network"));
    if (nic.address && !nic.network) {
      findings.error("address-without-network", at("nics", n, "address"), `${nic.name} has an address but no network`,
        "add \"network\" naming the segment of this address");
    }
  });

  const diskNames = (host.disks ?? []).map((d) => d.name);
  const diskUse = new Map<string, string>();
  (host.pools ?? []).forEach((pool, p) => {
    const vdevs = [...pool.vdevs.map((v, i) => ({ v, ptr: at("pools", p, "vdevs", i) })),
      ...(pool.log ? [{ v: pool.log, ptr: at("pools", p, "log") }] : [])];
    for (const { v, ptr } of vdevs) {
      if (v.disks.length < MIN_DISKS[v.type]) {
        findings.error("vdev-too-few-disks", ptr + "/disks", `${v.type} needs at least ${MIN_DISKS[v.type]} disks, has ${v.disks.length}`,
          v.type === "raidz2" ? "raidz2 keeps two parity disks: give it 4 or more (the talk's pool has 7)" : `add disks or choose another vdev type`);
      }
      v.disks.forEach((disk, d) => {
        if (!diskNames.includes(disk)) {
          findings.error("unknown-disk", `${ptr}/disks/${d}`, `disk "${disk}" is not a disk of ${host.name}`, choices(disk, diskNames));
          return;
        }
        const used = diskUse.get(disk);
        if (used) findings.error("disk-reused", `${ptr}/disks/${d}`, `disk ${disk} is already used in ${used}`, "each disk belongs to one vdev");
        else diskUse.set(disk, `pool ${pool.name}`);
      });
    }
    if (pool.log && pool.log.type !== "mirror" && pool.log.type !== "stripe") {
      findings.error("log-vdev-type", at("pools", p, "log", "type"), `a log vdev cannot be ${pool.log.type}`, "use mirror (or stripe)");
    }
  });

  // Listening ports: a port is taken per bind address; "*" clashes with everything.
  const taken = new Map<number, { bind: string; ptr: string; kind: string }[]>();
  host.services.forEach((service, s) => {
    const kindsBefore = host.services.slice(0, s).map((x) => x.kind);
    if (kindsBefore.includes(service.kind)) {
      findings.error("duplicate-service", at("services", s, "kind"), `${service.kind} is listed twice on ${host.name}`,
        "list each service once; give it several ports with \"ports\"");
      return;
    }
    const ports = service.ports ?? DEFAULT_PORTS[service.kind];
    const bind = service.bind ?? "*";
    if (bind.startsWith("carp:")) {
      const group = index.carp.get(bind.slice(5));
      if (!group) {
        findings.error("unknown-carp-group", at("services", s, "bind"), `CARP group "${bind.slice(5)}" is not defined`,
          choices(bind.slice(5), index.carpNames));
      } else if (!group.value.members.some((m) => m.host === host.name)) {
        findings.error("bind-foreign-vip", at("services", s, "bind"), `${host.name} is not a member of CARP group ${group.value.name}, so it never holds its VIP`,
          `add ${host.name} to the members of ${group.value.name} (${group.pointer}) or bind to "*"`);
      }
    }
    ports.forEach((port, i) => {
      const users = taken.get(port) ?? [];
      const clash = users.find((u) => u.bind === "*" || bind === "*" || u.bind === bind);
      if (clash) {
        findings.error("port-clash", service.ports ? at("services", s, "ports", i) : at("services", s),
          `${service.kind} port ${port} clashes with ${clash.kind} (${clash.ptr}) on ${host.name}`,
          "give one of the services another port or bind them to different addresses");
      }
      users.push({ bind, ptr: at("services", s), kind: service.kind });
      taken.set(port, users);
    });
  });
}

export function checkHosts(findings: Findings, lab: LabSpec, index: LabIndex): void {
  checkUnique(findings, lab.hosts, "/hosts", "host");
  lab.hosts.forEach((host, h) => checkHost(findings, host, h, index));
}
