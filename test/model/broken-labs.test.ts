// Broken labs: each case is the reference lab with one small mutation, and the one diagnostic it must
// produce (severity, code, pointer, message). Errors make the lab invalid; warnings alone keep it valid.
// Cases whose expectation differs from what src/ does today are marked `// BUG:` and fail on purpose.

import { describe, expect, it } from "vitest";
import { validateLab } from "../../src/model/validate.js";
import { resolve } from "../../src/model/resolve.js";
import type { Diagnostic } from "../../src/model/diagnostics.js";
import { referenceSpec } from "./reference-spec.js";

interface BrokenLab {
  readonly name: string;
  readonly mutate: (spec: any) => void;
  readonly severity: "error" | "warning";
  readonly code: string;
  readonly pointer: string;
  readonly message: string;
  /** A substring the hint must contain (did-you-mean, the valid choices, the fix). */
  readonly hint?: string;
  /** When set, this must be the only diagnostic of the whole lab (no cascades, no duplicates). */
  readonly alone?: boolean;
}

const KINDS = "nginx, varnish, haproxy, zope, solr, mysql, nfs, iscsi, ifstated, pf, pfsync";

// Host indexes in the reference lab.
const PROXY01 = 0, PROXY02 = 1, APP01 = 2, DB01 = 4, STOR01 = 6, STOR02 = 7;

const schemaCases: readonly BrokenLab[] = [
  {
    name: "missing required property (host role)",
    mutate: (s) => { delete s.hosts[PROXY01].role; },
    severity: "error", code: "schema-required", pointer: "/hosts/0/role",
    message: 'missing required property "role"', hint: 'add "role" (Tier of the host)',
  },
  {
    name: "unknown host property, with did-you-mean",
    mutate: (s) => { s.hosts[PROXY01].memroyMiB = 1024; },
    severity: "error", code: "schema-additionalProperties", pointer: "/hosts/0/memroyMiB",
    message: 'unknown property "memroyMiB"', hint: 'did you mean "memoryMiB"?',
  },
  {
    name: "unknown top-level property, with did-you-mean",
    mutate: (s) => { s.host = []; },
    severity: "error", code: "schema-additionalProperties", pointer: "/host",
    message: 'unknown property "host"', hint: 'did you mean "hosts"?',
  },
  {
    name: "unknown service property, with did-you-mean from the right service branch",
    mutate: (s) => { s.hosts[PROXY01].services[0].portz = [80]; },
    severity: "error", code: "schema-additionalProperties", pointer: "/hosts/0/services/0/portz",
    message: 'unknown property "portz"', hint: 'did you mean "ports"? Valid: kind, ports, bind, workerProcesses',
  },
  {
    name: "release not in the enum",
    mutate: (s) => { s.release = "9.0"; },
    severity: "error", code: "schema-enum", pointer: "/release",
    message: '"9.0" is not an allowed value', hint: "use one of: 14.2, 8.1",
  },
  {
    name: "vdev type not in the enum",
    mutate: (s) => { s.hosts[STOR01].pools[1].vdevs[0].type = "raidz4"; },
    severity: "error", code: "schema-enum", pointer: "/hosts/6/pools/1/vdevs/0/type",
    message: '"raidz4" is not an allowed value', hint: "raidz3",
  },
  {
    name: "unknown service kind (discriminator)",
    mutate: (s) => { s.hosts[PROXY01].services[0].kind = "apache"; },
    severity: "error", code: "schema-discriminator", pointer: "/hosts/0/services/0/kind",
    message: 'unknown service kind "apache"', hint: KINDS, alone: true,
  },
  {
    // Was a bug (fixed): a service without "kind" gets two errors at the same pointer: the right one and a misleading
    // '"kind" must be a string' from the discriminator (the value is missing, not of the wrong type).
    name: "service without a kind gets one clear error",
    mutate: (s) => { delete s.hosts[PROXY01].services[3].kind; },
    severity: "error", code: "schema-required", pointer: "/hosts/0/services/3/kind",
    message: 'missing required property "kind"', alone: true,
  },
  {
    name: "service property of the wrong type",
    mutate: (s) => { s.hosts[PROXY01].services[0].workerProcesses = "x"; },
    severity: "error", code: "schema-type", pointer: "/hosts/0/services/0/workerProcesses",
    message: '"x" must be an integer', hint: "write an integer here",
  },
  {
    name: "host name does not match the name pattern",
    mutate: (s) => { s.hosts[PROXY01].name = "Proxy01"; },
    severity: "error", code: "schema-pattern", pointer: "/hosts/0/name",
    message: '"Proxy01" is not a name', hint: "lower-case letters",
  },
  {
    name: "VIP does not match the IPv4 pattern",
    mutate: (s) => { s.carp[0].address = "203.0.113"; },
    severity: "error", code: "schema-pattern", pointer: "/carp/0/address",
    message: '"203.0.113" is not an IPv4 address', hint: "a.b.c.d",
  },
  {
    name: "network without prefix length does not match the CIDR pattern",
    mutate: (s) => { s.networks[0].cidr = "203.0.113.0"; },
    severity: "error", code: "schema-pattern", pointer: "/networks/0/cidr",
    message: '"203.0.113.0" is not an IPv4 prefix', hint: "a.b.c.d/len",
  },
  {
    name: "MAC with upper-case hex",
    mutate: (s) => { s.hosts[PROXY01].nics[0].mac = "02:00:00:00:00:0A"; },
    severity: "error", code: "schema-pattern", pointer: "/hosts/0/nics/0/mac",
    message: '"02:00:00:00:00:0A" is not a MAC address', hint: "lower-case hex",
  },
  {
    name: "interface name that is not a FreeBSD interface name",
    mutate: (s) => { s.hosts[PROXY01].nics[4].name = "eth"; },
    severity: "error", code: "schema-pattern", pointer: "/hosts/0/nics/4/name",
    message: '"eth" is not an interface name', hint: "em0",
  },
  {
    name: "LAGG name that is not laggN",
    mutate: (s) => { s.hosts[PROXY01].laggs[0].name = "bond0"; },
    severity: "error", code: "schema-pattern", pointer: "/hosts/0/laggs/0/name",
    message: '"bond0" is not a LAGG name', hint: "lagg0",
  },
  {
    name: "snapshot interval that is not a duration",
    mutate: (s) => { s.storage[0].snapshots[0].every = "5 min"; },
    severity: "error", code: "schema-pattern", pointer: "/storage/0/snapshots/0/every",
    message: '"5 min" is not a duration', hint: "5m",
  },
  {
    name: "vhid 0 is below the range",
    mutate: (s) => { s.carp[0].vhid = 0; },
    severity: "error", code: "schema-minimum", pointer: "/carp/0/vhid",
    message: "0 is out of range", hint: "use a value >= 1",
  },
  {
    name: "vhid 256 is above the range",
    mutate: (s) => { s.carp[0].vhid = 256; },
    severity: "error", code: "schema-maximum", pointer: "/carp/0/vhid",
    message: "256 is out of range", hint: "use a value <= 255",
  },
  {
    name: "advskew 255 is above the range",
    mutate: (s) => { s.carp[0].members[1].advskew = 255; },
    severity: "error", code: "schema-maximum", pointer: "/carp/0/members/1/advskew",
    message: "255 is out of range", hint: "use a value <= 254",
  },
  {
    name: "CARP group without members (minItems)",
    mutate: (s) => { s.carp[0].members = []; },
    severity: "error", code: "schema-minItems", pointer: "/carp/0/members",
    message: "has 0 items; at least 1 required", hint: "give at least 1",
  },
  {
    name: "description longer than maxLength",
    mutate: (s) => { s.description = "x".repeat(501); },
    severity: "error", code: "schema-maxLength", pointer: "/description",
    message: `"${"x".repeat(56)}... has the wrong length`, hint: "at most 500 characters",
  },
];

const semanticCases: readonly BrokenLab[] = [
  // Duplicate names.
  {
    name: "duplicate host name",
    mutate: (s) => { s.hosts[PROXY02].name = "proxy01"; },
    severity: "error", code: "duplicate-name", pointer: "/hosts/1/name",
    message: 'host "proxy01" is defined twice (first at /hosts/0)',
  },
  {
    name: "duplicate network name",
    mutate: (s) => { s.networks[2].name = "app"; },
    severity: "error", code: "duplicate-name", pointer: "/networks/2/name",
    message: 'network "app" is defined twice (first at /networks/1)',
  },
  {
    name: "duplicate CARP group name",
    mutate: (s) => { s.carp[2].name = "solr"; },
    severity: "error", code: "duplicate-name", pointer: "/carp/2/name",
    message: 'CARP group "solr" is defined twice (first at /carp/1)',
  },
  {
    name: "duplicate NIC name on a host",
    mutate: (s) => { s.hosts[PROXY01].nics[4].name = "em3"; },
    severity: "error", code: "duplicate-name", pointer: "/hosts/0/nics/4/name",
    message: 'NIC "em3" on proxy01 is defined twice (first at /hosts/0/nics/3)',
  },
  {
    name: "duplicate disk name on a host",
    mutate: (s) => { s.hosts[STOR01].disks[3].name = "log0"; },
    severity: "error", code: "duplicate-name", pointer: "/hosts/6/disks/3/name",
    message: 'disk "log0" on stor01 is defined twice (first at /hosts/6/disks/2)',
  },
  {
    name: "duplicate LAGG name on a host",
    mutate: (s) => { s.hosts[PROXY01].laggs[1].name = "lagg0"; },
    severity: "error", code: "duplicate-name", pointer: "/hosts/0/laggs/1/name",
    message: 'LAGG "lagg0" on proxy01 is defined twice (first at /hosts/0/laggs/0)',
  },
  {
    name: "duplicate dataset name",
    mutate: (s) => { s.storage[0].datasets[1].name = "solr"; },
    severity: "error", code: "duplicate-name", pointer: "/storage/0/datasets/1/name",
    message: 'dataset "solr" is defined twice (first at /storage/0/datasets/0)',
  },
  {
    name: "duplicate iSCSI target name",
    mutate: (s) => { s.storage[0].iscsi[1].name = "zope-app01"; },
    severity: "error", code: "duplicate-name", pointer: "/storage/0/iscsi/1/name",
    message: 'iSCSI target "zope-app01" is defined twice (first at /storage/0/iscsi/0)', alone: true,
  },
  // Addresses and prefixes.
  {
    name: "VIP outside its network",
    mutate: (s) => { s.carp[0].address = "10.0.20.10"; },
    severity: "error", code: "address-outside-network", pointer: "/carp/0/address",
    message: "10.0.20.10 is outside network public (203.0.113.0/24)", hint: "203.0.113.0/24",
  },
  {
    name: "address used twice on a network",
    mutate: (s) => { s.hosts[PROXY01].nics[4].address = "10.0.99.5"; s.hosts[PROXY02].nics[4].address = "10.0.99.5"; },
    severity: "error", code: "address-duplicate", pointer: "/hosts/1/nics/4/address",
    message: "10.0.99.5 is already used by /hosts/0/nics/4", alone: true,
  },
  {
    name: "VIP is the network address",
    mutate: (s) => { s.carp[0].address = "203.0.113.0"; },
    severity: "error", code: "address-reserved", pointer: "/carp/0/address",
    message: "203.0.113.0 is the network address of public",
  },
  {
    name: "VIP is the broadcast address",
    mutate: (s) => { s.carp[0].address = "203.0.113.255"; },
    severity: "error", code: "address-reserved", pointer: "/carp/0/address",
    message: "203.0.113.255 is the broadcast address of public",
  },
  {
    name: "address with a leading zero",
    mutate: (s) => { s.carp[0].address = "203.0.113.010"; },
    severity: "error", code: "address-invalid", pointer: "/carp/0/address",
    message: '"203.0.113.010" is not an IPv4 address', hint: "leading zeros",
  },
  {
    name: "CIDR with host bits set",
    mutate: (s) => { s.networks[0].cidr = "203.0.113.1/24"; },
    severity: "error", code: "cidr-host-bits", pointer: "/networks/0/cidr",
    message: '"203.0.113.1/24" has host bits set', hint: "203.0.113.0/24", alone: true,
  },
  {
    name: "CIDR with an octet above 255",
    mutate: (s) => { s.networks[4].cidr = "10.0.999.0/24"; },
    severity: "error", code: "cidr-invalid", pointer: "/networks/4/cidr",
    message: '"10.0.999.0/24" is not a valid IPv4 prefix',
  },
  {
    name: "overlapping networks",
    mutate: (s) => { s.networks[2].cidr = "10.0.20.0/23"; },
    severity: "error", code: "cidr-overlap", pointer: "/networks/2/cidr",
    message: '10.0.20.0/23 overlaps network "app" (/networks/1)',
  },
  {
    name: "a /31 for a network that needs two hosts and a VIP",
    mutate: (s) => { s.networks[3].cidr = "10.0.40.0/31"; },
    severity: "error", code: "cidr-too-small", pointer: "/networks/3/cidr",
    message: '"10.0.40.0/31" leaves no room for two hosts and a VIP', hint: "/29",
  },
  {
    name: "address plan overflow: four hosts on a /30",
    mutate: (s) => { s.networks[3].cidr = "10.0.40.0/30"; },
    severity: "error", code: "address-plan-full", pointer: "/hosts/6/laggs/0",
    message: "network storage has no free address left", hint: "larger prefix",
  },
  {
    name: "NIC address without a network",
    mutate: (s) => { s.hosts[PROXY01].nics[0].address = "10.0.20.99"; },
    severity: "error", code: "address-without-network", pointer: "/hosts/0/nics/0/address",
    message: "em0 has an address but no network",
  },
  {
    name: "duplicate MAC",
    mutate: (s) => { s.hosts[PROXY01].nics[0].mac = "02:00:00:00:00:01"; s.hosts[PROXY02].nics[0].mac = "02:00:00:00:00:01"; },
    severity: "error", code: "mac-duplicate", pointer: "/hosts/1/nics/0/mac",
    message: "MAC 02:00:00:00:00:01 is already used by proxy01 em0", alone: true,
  },
  {
    name: "multicast MAC",
    mutate: (s) => { s.hosts[PROXY01].nics[0].mac = "01:00:5e:00:00:01"; },
    severity: "error", code: "mac-multicast", pointer: "/hosts/0/nics/0/mac",
    message: "01:00:5e:00:00:01 is a multicast MAC",
  },
  // CARP.
  {
    name: "vhid clash on a segment",
    mutate: (s) => { s.carp[2].vhid = 2; },
    severity: "error", code: "carp-vhid-clash", pointer: "/carp/2/vhid",
    message: 'vhid 2 is already used on network app by group "solr"', alone: true,
  },
  {
    name: "CARP member without an interface on the VIP's network",
    mutate: (s) => { s.hosts[PROXY02].laggs.splice(0, 1); },
    severity: "error", code: "carp-member-no-interface", pointer: "/carp/0/members/1/host",
    message: "proxy02 has no interface on network public, where the VIP of www lives",
  },
  {
    name: "CARP member listed twice",
    mutate: (s) => { s.carp[0].members.push({ host: "proxy01", advskew: 50 }); },
    severity: "error", code: "carp-member-twice", pointer: "/carp/0/members/2/host",
    message: "proxy01 is listed twice in group www",
  },
  {
    name: "equal advskew (warning)",
    mutate: (s) => { s.carp[0].members[1].advskew = 0; },
    severity: "warning", code: "carp-equal-advskew", pointer: "/carp/0/members/1/advskew",
    message: "proxy02 and proxy01 both have advskew 0: CARP has no tie-break, a master steps down on a tie",
  },
  {
    name: "single-member CARP group (warning)",
    mutate: (s) => { s.carp[0].members.splice(1, 1); },
    severity: "warning", code: "carp-single-member", pointer: "/carp/0/members",
    message: "group www has one member: nothing to fail over to",
  },
  {
    name: "demotion-based failover with preempt off on the peer (warning)",
    mutate: (s) => { s.carp[0].members[1].preempt = false; },
    severity: "warning", code: "carp-demotion-without-preempt", pointer: "/carp/0/members/1",
    message: "ifstated on proxy01 demotes CARP on failure, but proxy02 has preempt off: it would never take over www",
  },
  {
    name: "preempt conflict across the CARP groups of one host",
    mutate: (s) => {
      s.carp.push({ name: "www2", vhid: 4, network: "public", preempt: false,
        members: [{ host: "proxy01", advskew: 0 }, { host: "proxy02", advskew: 100 }] });
    },
    severity: "error", code: "carp-preempt-conflict", pointer: "/carp/3/members/0",
    message: "proxy01 needs net.inet.carp.preempt=0 here but 1 at /carp/0/members/0", hint: "host-wide sysctl",
  },
  // LAGGs and NICs.
  {
    name: "LAGG port used twice",
    mutate: (s) => { s.hosts[PROXY01].laggs[1].ports = ["em2", "em1"]; },
    severity: "error", code: "lagg-port-reused", pointer: "/hosts/0/laggs/1/ports/1",
    message: "em1 is already a port of lagg0",
  },
  {
    name: "LAGG port that is not a NIC",
    mutate: (s) => { s.hosts[PROXY01].laggs[0].ports[1] = "em9"; },
    severity: "error", code: "unknown-nic", pointer: "/hosts/0/laggs/0/ports/1",
    message: 'lagg0 port "em9" is not a NIC of proxy01', hint: "em0, em1, em2, em3, em4",
  },
  {
    name: "LAGG port that also has a network",
    mutate: (s) => { s.hosts[PROXY01].nics[0].network = "public"; },
    severity: "error", code: "lagg-port-addressed", pointer: "/hosts/0/nics/0/network",
    message: "em0 is a port of lagg0 and cannot be addressed itself",
  },
  {
    name: "two interfaces of a host on one network",
    mutate: (s) => { s.hosts[PROXY01].nics[4].network = "app"; },
    severity: "error", code: "network-twice", pointer: "/hosts/0/nics/4/network",
    message: "proxy01 has both lagg1 and em4 on network app",
  },
  {
    name: "single-port LAGG (warning)",
    mutate: (s) => { s.hosts[PROXY01].laggs[0].ports = ["em0"]; },
    severity: "warning", code: "lagg-single-port", pointer: "/hosts/0/laggs/0/ports",
    message: "lagg0 on proxy01 has a single port: no link redundancy",
  },
  // Disks and pools.
  {
    name: "raidz2 with fewer than 4 disks",
    mutate: (s) => { s.hosts[STOR01].pools[1].vdevs[0].disks = ["data0", "data1", "data2"]; },
    severity: "error", code: "vdev-too-few-disks", pointer: "/hosts/6/pools/1/vdevs/0/disks",
    message: "raidz2 needs at least 4 disks, has 3",
  },
  {
    name: "disk used in two pools",
    mutate: (s) => { s.hosts[STOR01].pools[1].log.disks = ["log0", "os0"]; },
    severity: "error", code: "disk-reused", pointer: "/hosts/6/pools/1/log/disks/1",
    message: "disk os0 is already used in pool zroot",
  },
  {
    name: "unknown disk in a vdev",
    mutate: (s) => { s.hosts[STOR01].pools[1].log.disks = ["log0", "log2"]; },
    severity: "error", code: "unknown-disk", pointer: "/hosts/6/pools/1/log/disks/1",
    message: 'disk "log2" is not a disk of stor01', hint: 'did you mean "log0"?', alone: true,
  },
  {
    name: "raidz log vdev",
    mutate: (s) => { s.hosts[STOR01].pools[1].log.type = "raidz1"; s.hosts[STOR01].pools[1].log.disks.push("data6"); s.hosts[STOR01].pools[1].vdevs[0].disks.pop(); },
    severity: "error", code: "log-vdev-type", pointer: "/hosts/6/pools/1/log/type",
    message: "a log vdev cannot be raidz1", alone: true,
  },
  // Services.
  {
    name: "two services on port 80",
    mutate: (s) => { s.hosts[PROXY01].services[1].ports = [80]; },
    severity: "error", code: "port-clash", pointer: "/hosts/0/services/1/ports/0",
    message: "varnish port 80 clashes with nginx (/hosts/0/services/0) on proxy01",
  },
  {
    name: "service listed twice",
    mutate: (s) => { s.hosts[PROXY01].services.push({ kind: "pf" }); },
    severity: "error", code: "duplicate-service", pointer: "/hosts/0/services/6/kind",
    message: "pf is listed twice on proxy01", alone: true,
  },
  {
    name: "chain hop to a host that lacks the service",
    mutate: (s) => { s.hosts[PROXY02].services.splice(1, 1); },
    severity: "error", code: "missing-service", pointer: "/chains/0/hops/0/to",
    message: 'proxy02 does not run varnish, but nginx calls a local varnish (name the hosts with "hosts" or "via")',
  },
  {
    name: "chain hop that no earlier hop reaches",
    mutate: (s) => { s.chains[0].hops.splice(1, 1); },
    severity: "error", code: "chain-unreached", pointer: "/chains/0/hops/1/from",
    message: "no earlier hop reaches haproxy",
  },
  // Dangling references.
  {
    name: "unknown host in a CARP member",
    mutate: (s) => { s.carp[0].members[1].host = "proxy03"; },
    severity: "error", code: "unknown-host", pointer: "/carp/0/members/1/host",
    message: 'host "proxy03" is not defined', hint: "did you mean", alone: true,
  },
  {
    name: "unknown host in a chain hop",
    mutate: (s) => { s.chains[0].hops[2].hosts[1] = "app03"; },
    severity: "error", code: "unknown-host", pointer: "/chains/0/hops/2/hosts/1",
    message: 'host "app03" is not defined', hint: 'did you mean "app01"?',
  },
  {
    name: "unknown network on a LAGG",
    mutate: (s) => { s.hosts[PROXY01].laggs[0].network = "pubic"; },
    severity: "error", code: "unknown-network", pointer: "/hosts/0/laggs/0/network",
    message: 'network "pubic" is not defined', hint: 'did you mean "public"?',
  },
  {
    name: "unknown network on a CARP group",
    mutate: (s) => { s.carp[0].network = "pubic"; },
    severity: "error", code: "unknown-network", pointer: "/carp/0/network",
    message: 'network "pubic" is not defined', hint: 'did you mean "public"?', alone: true,
  },
  {
    name: "unknown network on an NFS export",
    mutate: (s) => { s.storage[0].nfs[0].network = "storag"; },
    severity: "error", code: "unknown-network", pointer: "/storage/0/nfs/0/network",
    message: 'network "storag" is not defined', hint: 'did you mean "storage"?',
  },
  {
    name: "unknown CARP group as chain entry",
    mutate: (s) => { s.chains[0].entry = "ww"; },
    severity: "error", code: "unknown-carp-group", pointer: "/chains/0/entry",
    message: 'CARP group "ww" is not defined', hint: 'did you mean "www"?', alone: true,
  },
  {
    name: "unknown CARP group in a chain hop",
    mutate: (s) => { s.chains[0].hops[3].via = "mysq"; },
    severity: "error", code: "unknown-carp-group", pointer: "/chains/0/hops/3/via",
    message: 'CARP group "mysq" is not defined', hint: 'did you mean "mysql"?',
  },
  {
    name: "unknown CARP group in a MySQL pair",
    mutate: (s) => { s.mysql[0].carp = "mysqll"; },
    severity: "error", code: "unknown-carp-group", pointer: "/mysql/0/carp",
    message: 'CARP group "mysqll" is not defined', hint: 'did you mean "mysql"?', alone: true,
  },
  {
    name: "unknown CARP group in a service bind",
    mutate: (s) => { s.hosts[APP01].services[1].bind = "carp:solar"; },
    severity: "error", code: "unknown-carp-group", pointer: "/hosts/2/services/1/bind",
    message: 'CARP group "solar" is not defined', hint: 'did you mean "solr"?',
  },
  {
    name: "unknown dataset in an NFS export",
    mutate: (s) => { s.storage[0].nfs[0].dataset = "solar"; },
    severity: "error", code: "unknown-dataset", pointer: "/storage/0/nfs/0/dataset",
    message: 'dataset "solar" is not defined', hint: 'did you mean "solr"?', alone: true,
  },
  {
    name: "unknown dataset in an iSCSI target",
    mutate: (s) => { s.storage[0].iscsi[0].dataset = "iscsii"; },
    severity: "error", code: "unknown-dataset", pointer: "/storage/0/iscsi/0/dataset",
    message: 'dataset "iscsii" is not defined', hint: 'did you mean "iscsi"?',
  },
  {
    name: "unknown pool in a storage pair",
    mutate: (s) => { s.storage[0].pool = "tnak"; },
    severity: "error", code: "unknown-pool", pointer: "/storage/0/pool",
    message: 'stor01 has no pool "tnak"', hint: 'did you mean "tank"?',
  },
  {
    // Was a bug (fixed): an undefined replica host also yields "db03 is not a member of CARP group mysql" with the hint
    // to add db03 to the group, which cannot be followed: db03 does not exist. Only unknown-host should be reported.
    name: "unknown MySQL replica host gets no cascading CARP error",
    mutate: (s) => { s.mysql[0].replica = "db03"; },
    severity: "error", code: "unknown-host", pointer: "/mysql/0/replica",
    message: 'host "db03" is not defined', hint: 'did you mean "db01"?', alone: true,
  },
  // MySQL and storage pairs.
  {
    name: "MySQL master is the replica",
    mutate: (s) => { s.mysql[0].replica = "db01"; },
    severity: "error", code: "mysql-same-host", pointer: "/mysql/0/replica",
    message: "the replica is the master (db01)", alone: true,
  },
  {
    name: "MySQL pair on a CARP group its hosts are not in",
    mutate: (s) => { s.mysql[0].carp = "solr"; },
    severity: "error", code: "mysql-not-in-carp", pointer: "/mysql/0/carp",
    message: "db01 is not a member of CARP group solr",
  },
  {
    name: "MySQL master is not the preferred CARP master (warning)",
    mutate: (s) => { s.mysql[0].master = "db02"; s.mysql[0].replica = "db01"; },
    severity: "warning", code: "mysql-master-not-preferred", pointer: "/mysql/0/master",
    message: "db02 is the master but db01 has the lowest advskew in mysql",
  },
  {
    name: "storage primary is the replica",
    mutate: (s) => { s.storage[0].replica = "stor01"; },
    severity: "error", code: "storage-same-host", pointer: "/storage/0/replica",
    message: "the replica is the primary (stor01)",
  },
  {
    name: "storage pair with no shared network",
    mutate: (s) => { s.hosts[STOR02].laggs[0].network = "db"; },
    severity: "error", code: "storage-no-link", pointer: "/storage/0/replica",
    message: "stor01 and stor02 share no network for replication",
  },
  {
    name: "NFS export on a network the primary is not on",
    mutate: (s) => { s.storage[0].nfs[0].network = "app"; },
    severity: "error", code: "export-no-interface", pointer: "/storage/0/nfs/0/network",
    message: "stor01 has no interface on app",
  },
  {
    name: "NFS consumer not on the export network",
    mutate: (s) => { s.storage[0].nfs[0].consumers[0].host = "db01"; },
    severity: "error", code: "consumer-no-network", pointer: "/storage/0/nfs/0/consumers/0/host",
    message: "db01 has no interface on storage",
  },
  {
    name: "iSCSI LUN shared by two initiators (warning)",
    mutate: (s) => { s.storage[0].iscsi[0].consumers.push({ host: "app02", mountpoint: "/var/db/zope/var2" }); },
    severity: "warning", code: "iscsi-shared-lun", pointer: "/storage/0/iscsi/0/consumers",
    message: "LUN zope-app01 has 2 initiators: UFS/ZFS on it is not cluster-safe",
  },
  {
    name: "snapshot kept shorter than its interval",
    mutate: (s) => { s.storage[0].snapshots[0].keep = "1m"; },
    severity: "error", code: "snapshot-keep-short", pointer: "/storage/0/snapshots/0/keep",
    message: "keep 1m is shorter than the interval 5m: no snapshot would survive", alone: true,
  },
  {
    name: "replication more often than snapshots (warning)",
    mutate: (s) => { s.storage[0].replicationEvery = "1m"; },
    severity: "warning", code: "replication-faster-than-snapshots", pointer: "/storage/0/replicationEvery",
    message: "replication every 1m is more often than the shortest snapshot schedule",
  },
  // Requirements.
  {
    name: "inverted requirement range",
    mutate: (s) => { s.requirements.pageLoadS = { min: 10, max: 5 }; },
    severity: "error", code: "range-inverted", pointer: "/requirements/pageLoadS",
    message: "min 10 is above max 5", hint: "swap", alone: true,
  },
  {
    name: "traffic outside the required users (warning)",
    mutate: (s) => { s.traffic.registeredUsers = 100; },
    severity: "warning", code: "traffic-outside-requirements", pointer: "/traffic/registeredUsers",
    message: "traffic profile has 100 registered users, outside the required 5000-50000",
  },
];

function render(diagnostics: readonly Diagnostic[]): string {
  return diagnostics.map((d) => `${d.severity} ${d.code} ${d.pointer} | ${d.message}`).join("\n");
}

describe("the reference lab", () => {
  it("is valid and has no diagnostics", () => {
    const v = validateLab(referenceSpec());
    expect(render(v.diagnostics)).toBe("");
    expect(v.ok).toBe(true);
  });
});

describe.each([
  ["schema", schemaCases],
  ["semantic", semanticCases],
] as const)("broken labs: %s rules", (_, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const spec = referenceSpec();
    c.mutate(spec);
    const v = validateLab(spec);
    const match = v.diagnostics.find((d) => d.pointer === c.pointer && d.message === c.message);
    expect(match, `no diagnostic at ${c.pointer} with "${c.message}"; got:\n${render(v.diagnostics)}`).toBeDefined();
    expect(match!.severity).toBe(c.severity);
    expect(match!.code).toBe(c.code);
    expect(match!.hint.length).toBeGreaterThan(0);
    if (c.hint) expect(match!.hint).toContain(c.hint);
    if (c.alone) expect(render(v.diagnostics)).toBe(render([match!]));
    if (c.severity === "error") {
      expect(v.ok).toBe(false);
    } else {
      expect(v.diagnostics.filter((d) => d.severity === "error"), render(v.diagnostics)).toEqual([]);
      expect(v.ok).toBe(true);
    }
  });
});

describe("documents that are not objects", () => {
  it.each([
    ["null", null, "null must be an object"],
    ["an array", [], "[] must be an object"],
    ["a string", "x", '"x" must be an object'],
    ["a number", 42, "42 must be an object"],
    ["a boolean", true, "true must be an object"],
    ["undefined", undefined, "undefined must be an object"],
  ] as const)("%s gives one clean schema error", (_name, document, message) => {
    let v: ReturnType<typeof validateLab> | undefined;
    expect(() => { v = validateLab(document); }).not.toThrow();
    expect(v!.ok).toBe(false);
    expect(v!.diagnostics).toEqual([
      { severity: "error", code: "schema-type", pointer: "", message, hint: "write an object here" },
    ]);
  });

  it("an empty object reports each missing required property", () => {
    const v = validateLab({});
    expect(v.ok).toBe(false);
    expect(v.diagnostics.map((d) => d.pointer).sort()).toEqual(["/hosts", "/name", "/networks"]);
  });
});

// Labs that validate but should not, or fail but should not. The exact wording of the missing
// diagnostics is up to src/, so these only pin the pointer and the severity.
describe("validation gaps", () => {
  const secrets = { carpPass: {}, mysql: { rootPassword: "x", replicationPassword: "x", appPassword: "x" }, ssh: { privateKey: "", publicKey: "" } };

  it("a chain hop to a host without any addressed interface is an error", () => {
    // Was a bug (fixed): validateLab accepts this lab and resolve() then throws
    // "TypeError: Cannot read properties of undefined (reading 'address')" (resolve.ts, the hop.hosts upstream fallback).
    const spec = referenceSpec();
    spec.hosts.push({ name: "app03", role: "app", nics: [{ name: "em0" }], services: [{ kind: "zope" }] });
    spec.chains[0].hops[2].hosts.push("app03");
    const v = validateLab(spec);
    expect(v.diagnostics.filter((d) => d.severity === "error").map((d) => d.pointer)).toContain("/chains/0/hops/2/hosts/2");
    expect(v.ok).toBe(false);
  });

  it("a chain hop to a host that shares no network with its callers is an error", () => {
    // Was a bug (fixed): accepted; resolve() makes proxy01's haproxy send to app03 at 10.0.30.21 on the db network,
    // which the proxies are not on, so every zope upstream on app03 is unreachable.
    const spec = referenceSpec();
    spec.hosts.push({ name: "app03", role: "app", nics: [{ name: "em0", network: "db" }], services: [{ kind: "zope" }] });
    spec.chains[0].hops[2].hosts.push("app03");
    const v = validateLab(spec);
    expect(v.diagnostics.filter((d) => d.severity === "error").map((d) => d.pointer)).toContain("/chains/0/hops/2/hosts/2");
  });

  it("a chain hop through a VIP on a network its callers are not on is an error", () => {
    // Was a bug (fixed): moving the mysql group to the db network (db01/db02 are on it, app01/app02 are not) is accepted;
    // resolve() sends the zope -> mysql hop of app01 and app02 to 10.0.30.30, which they cannot reach.
    const spec = referenceSpec();
    spec.carp[2].network = "db";
    delete spec.carp[2].address;
    const v = validateLab(spec);
    expect(v.diagnostics.filter((d) => d.severity === "error").map((d) => d.pointer)).toContain("/chains/0/hops/3/via");
  });

  it("a service bound to the VIP of a CARP group its host is not in is an error", () => {
    // Was a bug (fixed): accepted; resolve() binds db01's mysql to 203.0.113.10 (the www VIP on the public network),
    // an address db01 never holds, so mysqld could not start.
    const spec = referenceSpec();
    spec.hosts[DB01].services[0].bind = "carp:www";
    const v = validateLab(spec);
    expect(v.diagnostics.filter((d) => d.severity === "error").map((d) => d.pointer)).toContain("/hosts/4/services/0/bind");
  });

  it("a /31 pfsync link between the two proxies is planned (RFC 3021: both addresses usable)", () => {
    // Was a bug (fixed): the address plan never tries offset 0, so the second proxy gets
    // "address-plan-full /hosts/1/nics/4: network pfsync has no free address left", although
    // check-hosts exempts sync networks from the /30 minimum and ipv4.isReserved() treats /31 as all-usable.
    const spec = referenceSpec();
    spec.networks[4].cidr = "10.0.99.0/31";
    const v = validateLab(spec);
    expect(render(v.diagnostics)).toBe("");
    expect(v.ok).toBe(true);
    const lab = resolve(spec, secrets);
    const pfsync = lab.hosts.slice(0, 2).map((h) => h.interfaces.find((i) => i.network === "pfsync")?.address).sort();
    expect(pfsync).toEqual(["10.0.99.0", "10.0.99.1"]);
  });
});
