// The lab file format, as a JSON Schema built with TypeBox: the one source of the spec's TS types
// (types.ts derives them) and of the shipped `schema/lab.schema.json` (a test keeps them equal).
// What the schema cannot say (references, address plans, clashes) is in the semantic checks.

import Type from "typebox";
import { DURATION_PATTERN } from "../lib/duration.js";

const NAME = "^[a-z][a-z0-9-]{0,30}$";
const IFNAME = "^[a-z]{2,8}[0-9]{1,3}$";
const IPV4 = "^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}$";
const CIDR = "^[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}/[0-9]{1,2}$";
const MAC = "^[0-9a-f]{2}(:[0-9a-f]{2}){5}$";
const ABS_PATH = "^/[A-Za-z0-9._/-]{0,200}$";

export const RELEASES = ["14.2", "8.1"] as const;
export const ROLES = ["proxy", "app", "db", "storage"] as const;
export const NETWORK_KINDS = ["public", "private", "sync"] as const;
export const LAGG_PROTOCOLS = ["failover", "lacp", "loadbalance", "roundrobin", "broadcast", "none"] as const;
export const DISK_KINDS = ["hdd", "ssd"] as const;
export const DISK_BUSES = ["sata", "scsi", "virtio"] as const;
export const VDEV_TYPES = ["stripe", "mirror", "raidz1", "raidz2", "raidz3"] as const;
export const SERVICE_KINDS = [
  "nginx", "varnish", "haproxy", "zope", "solr", "mysql", "nfs", "iscsi", "ifstated", "pf", "pfsync",
] as const;

const Name = (description: string) => Type.String({ pattern: NAME, description });
const Port = Type.Integer({ minimum: 1, maximum: 65535 });
const Ports = (description: string) => Type.Array(Port, { minItems: 1, maxItems: 64, description });
const Duration = (description: string) => Type.String({ pattern: DURATION_PATTERN, description });
const Enum = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Enum<[...T]>([...values] as [...T], { description });
const Obj = <P extends Record<string, Parameters<typeof Type.Object>[0][string]>>(properties: P, description: string) =>
  Type.Object(properties, { additionalProperties: false, description });

export const NetworkSchema = Obj(
  {
    name: Name("Segment name, referenced by LAGGs, NICs and CARP groups"),
    cidr: Type.String({ pattern: CIDR, description: "IPv4 prefix, e.g. 10.0.20.0/24" }),
    kind: Type.Optional(Enum(NETWORK_KINDS, "public faces clients; sync is a dedicated pfsync link (default private)")),
    description: Type.Optional(Type.String({ maxLength: 200 })),
  },
  "An L2 segment",
);

export const NicSchema = Obj(
  {
    name: Type.String({ pattern: IFNAME, description: "FreeBSD interface name: em0, em1, vtnet0..." }),
    mac: Type.Optional(Type.String({ pattern: MAC, description: "Lower-case MAC; derived from the lab when omitted" })),
    network: Type.Optional(Name("Segment this NIC is addressed on (NICs that are LAGG ports have none)")),
    address: Type.Optional(Type.String({ pattern: IPV4, description: "IPv4 address; from the address plan when omitted" })),
  },
  "A physical NIC",
);

export const LaggSchema = Obj(
  {
    name: Type.String({ pattern: "^lagg[0-9]{1,3}$", description: "lagg0, lagg1..." }),
    protocol: Type.Optional(Enum(LAGG_PROTOCOLS, "laggproto (default lacp: real switches; VM labs use failover)")),
    ports: Type.Array(Type.String({ pattern: IFNAME }), { minItems: 1, maxItems: 8, description: "Member NICs" }),
    network: Name("Segment the LAGG is addressed on"),
    address: Type.Optional(Type.String({ pattern: IPV4, description: "IPv4 address; from the address plan when omitted" })),
  },
  "A link aggregation of NICs",
);

export const DiskSchema = Obj(
  {
    name: Name("Disk name within the host, referenced by pools"),
    kind: Enum(DISK_KINDS, "Spinning disk or SSD"),
    sizeGiB: Type.Integer({ minimum: 1, maximum: 65536 }),
    bus: Type.Optional(Enum(DISK_BUSES, "Controller: sata -> adaN, scsi -> daN, virtio -> vtbdN (default: hdd scsi, ssd sata)")),
  },
  "A disk",
);

export const VdevSchema = Obj(
  {
    type: Enum(VDEV_TYPES, "Vdev layout"),
    disks: Type.Array(Name("Disk name of this host"), { minItems: 1, maxItems: 64 }),
  },
  "A ZFS vdev",
);

export const PoolSchema = Obj(
  {
    name: Name("Pool name: zroot, tank..."),
    vdevs: Type.Array(VdevSchema, { minItems: 1, maxItems: 16 }),
    log: Type.Optional(VdevSchema),
  },
  "A ZFS pool",
);

const Bind = Type.String({
  pattern: `^(\\*|carp:[a-z][a-z0-9-]{0,30}|${IPV4.slice(1, -1)})$`,
  description: '"*" (all addresses), "carp:GROUP" (the group\'s VIP) or an IPv4 address',
});

const serviceBase = {
  ports: Type.Optional(Ports("Listening ports (default per service)")),
  bind: Type.Optional(Bind),
};

const Service = <K extends (typeof SERVICE_KINDS)[number], P extends Record<string, Parameters<typeof Type.Object>[0][string]>>(
  kind: K,
  properties: P,
  description: string,
) => Obj({ kind: Type.Literal(kind), ...serviceBase, ...properties }, description);

export const ServiceSchemas = [
  Service("nginx", { workerProcesses: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })) },
    "nginx on 80/443; passive upstream checks (max_fails, fail_timeout)"),
  Service("varnish", {
    storageMiB: Type.Optional(Type.Integer({ minimum: 16, maximum: 1048576 })),
    probe: Type.Optional(Obj({
      intervalS: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
      timeoutS: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600 })),
      window: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
      threshold: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
    }, "Backend probe (defaults .interval 5s, .timeout 2s, .window 8, .threshold 3)")),
    graceS: Type.Optional(Type.Integer({ minimum: 0, maximum: 604800 })),
  }, "Varnish cache on 3180"),
  Service("haproxy", {
    check: Type.Optional(Obj({
      interMs: Type.Optional(Type.Integer({ minimum: 100, maximum: 3600000 })),
      rise: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      fall: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    }, "Health checks (defaults inter 2000 rise 2 fall 3)")),
    cookie: Type.Optional(Type.String({ pattern: "^[A-Za-z][A-Za-z0-9_]{0,31}$" })),
    redispatch: Type.Optional(Type.Boolean()),
    maxconnPerServer: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  }, "HAProxy on 3380, balancing the Zope instances"),
  Service("zope", {
    threads: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
    serviceTimeMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 600000 })),
  }, "Zope/Plone instances, one per port (default 8080-8088), RelStorage on MySQL"),
  Service("solr", { heapMiB: Type.Optional(Type.Integer({ minimum: 64, maximum: 1048576 })) },
    "Solr on 6080, usually bound to a CARP VIP"),
  Service("mysql", { bufferPoolMiB: Type.Optional(Type.Integer({ minimum: 16, maximum: 1048576 })) }, "MySQL on 3306"),
  Service("nfs", {}, "NFS server (nfsd, mountd, rpcbind)"),
  Service("iscsi", {}, "iSCSI target (ctld on 14.x, istgt on 8.1)"),
  Service("ifstated", {}, "ifstated watching services and links"),
  Service("pf", {}, "PF firewall"),
  Service("pfsync", {}, "pfsync state synchronisation"),
] as const;

// A discriminated union on `kind`: ajv's discriminator picks the one branch to report errors from.
export const ServiceSchema = Type.Unsafe<Type.Static<(typeof ServiceSchemas)[number]>>({
  type: "object",
  description: "A service: " + SERVICE_KINDS.join(", "),
  discriminator: { propertyName: "kind" },
  required: ["kind"],
  properties: { kind: { type: "string" } },
  oneOf: [...ServiceSchemas],
});

export const HostSchema = Obj(
  {
    name: Name("Host name: proxy01, app01..."),
    role: Enum(ROLES, "Tier of the host"),
    cpus: Type.Optional(Type.Integer({ minimum: 1, maximum: 64 })),
    memoryMiB: Type.Optional(Type.Integer({ minimum: 256, maximum: 1048576 })),
    nics: Type.Array(NicSchema, { minItems: 1, maxItems: 16 }),
    laggs: Type.Optional(Type.Array(LaggSchema, { maxItems: 8 })),
    disks: Type.Optional(Type.Array(DiskSchema, { maxItems: 64 })),
    pools: Type.Optional(Type.Array(PoolSchema, { maxItems: 8 })),
    services: Type.Array(ServiceSchema, { maxItems: 32 }),
  },
  "A FreeBSD host",
);

export const CarpMemberSchema = Obj(
  {
    host: Name("Member host"),
    advskew: Type.Integer({ minimum: 0, maximum: 254, description: "0 for the preferred master, 100 for the peer" }),
    preempt: Type.Optional(Type.Boolean({ description: "net.inet.carp.preempt on this host (default: the group's)" })),
  },
  "A CARP member",
);

export const CarpGroupSchema = Obj(
  {
    name: Name("Group name: www, solr, mysql"),
    vhid: Type.Integer({ minimum: 1, maximum: 255 }),
    network: Name("Segment carrying the VIP"),
    address: Type.Optional(Type.String({ pattern: IPV4, description: "VIP; from the address plan when omitted" })),
    advbase: Type.Optional(Type.Integer({ minimum: 1, maximum: 255, description: "Advertisement base in seconds (default 1)" })),
    preempt: Type.Optional(Type.Boolean({ description: "net.inet.carp.preempt on the members (default true)" })),
    members: Type.Array(CarpMemberSchema, { minItems: 1, maxItems: 16 }),
  },
  "A CARP virtual host (vhid) and its address",
);

export const HopSchema = Obj(
  {
    from: Enum(SERVICE_KINDS, "Calling service"),
    to: Enum(SERVICE_KINDS, "Called service"),
    via: Type.Optional(Name("CARP group whose VIP the call goes through")),
    hosts: Type.Optional(Type.Array(Name("Host running the called service"), { minItems: 1, maxItems: 64, description: "Hosts balanced across (default: the calling host itself)" })),
  },
  "One hop of the request chain",
);

export const ChainSchema = Obj(
  {
    name: Name("Chain name"),
    entry: Name("CARP group whose VIP clients connect to"),
    hops: Type.Array(HopSchema, { minItems: 1, maxItems: 32 }),
  },
  "The request chain: nginx -> varnish -> haproxy -> zope -> mysql/solr",
);

export const MysqlSchema = Obj(
  {
    name: Name("Replication pair name"),
    master: Name("Initial master host"),
    replica: Name("Replica host"),
    carp: Name("CARP group whose VIP clients use"),
    semiSync: Type.Optional(Type.Boolean({ description: "Semi-synchronous replication (AFTER_SYNC), default false" })),
    semiSyncTimeoutMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 3600000 })),
    replicationUser: Type.Optional(Type.String({ pattern: "^[a-z][a-z0-9_]{0,31}$" })),
  },
  "MySQL master/replica pair",
);

export const SnapshotScheduleSchema = Obj(
  {
    every: Duration("Interval: 5m, 15m, 1h"),
    keep: Duration("Retention (zfSnap TTL): 1h, 1d, 1w"),
  },
  "A snapshot schedule",
);

export const NfsExportSchema = Obj(
  {
    dataset: Name("Dataset under the pool"),
    network: Name("Segment allowed to mount"),
    consumers: Type.Array(Obj({ host: Name("Mounting host"), mountpoint: Type.String({ pattern: ABS_PATH }) }, "An NFS client"), { maxItems: 64 }),
  },
  "An NFS export",
);

export const IscsiTargetSchema = Obj(
  {
    name: Name("Target name (last part of the IQN)"),
    dataset: Name("Dataset holding the backing file"),
    sizeGiB: Type.Integer({ minimum: 1, maximum: 65536 }),
    consumers: Type.Array(Obj({ host: Name("Initiator host"), mountpoint: Type.String({ pattern: ABS_PATH }) }, "An iSCSI initiator"), { maxItems: 64 }),
  },
  "A file-backed iSCSI LUN",
);

export const StorageSchema = Obj(
  {
    name: Name("Storage pair name"),
    primary: Name("Primary storage host"),
    replica: Name("Replication target host"),
    pool: Name("Data pool on both hosts"),
    datasets: Type.Array(Obj({ name: Name("Dataset under the pool"), quotaGiB: Type.Optional(Type.Integer({ minimum: 1 })) }, "A dataset"), { maxItems: 64 }),
    snapshots: Type.Array(SnapshotScheduleSchema, { maxItems: 8 }),
    replicationEvery: Type.Optional(Duration("Incremental send interval (default: the shortest snapshot interval)")),
    nfs: Type.Optional(Type.Array(NfsExportSchema, { maxItems: 64 })),
    iscsi: Type.Optional(Type.Array(IscsiTargetSchema, { maxItems: 64 })),
  },
  "ZFS storage pair",
);

const Range = (description: string) =>
  Obj({ min: Type.Number({ minimum: 0 }), max: Type.Number({ minimum: 0 }) }, description);

export const RequirementsSchema = Obj(
  {
    uptimePercent: Type.Number({ minimum: 0, maximum: 100 }),
    pageLoadS: Range("Page load time on broadband, seconds"),
    registrationS: Range("User registration time on broadband, seconds"),
    registeredUsers: Range("Registered users the site must support"),
  },
  "The talk's technical requirements",
);

export const TrafficSchema = Obj(
  {
    registeredUsers: Type.Integer({ minimum: 1, maximum: 100000000 }),
    peakSessionsPerS: Type.Optional(Type.Number({ minimum: 0, maximum: 1000000 })),
    pageViewsPerSession: Type.Optional(Type.Number({ minimum: 1, maximum: 1000 })),
    registrationsPerHour: Type.Optional(Type.Number({ minimum: 0, maximum: 1000000 })),
    cacheHitRatio: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
    dailyCurve: Type.Optional(Type.Array(Type.Number({ minimum: 0 }), { minItems: 24, maxItems: 24, description: "Relative load per hour of day" })),
  },
  "Traffic profile for the simulator",
);

export const LabSchema = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    name: Name("Lab name"),
    release: Type.Optional(Enum(RELEASES, "FreeBSD release (default 14.2; 8.1 is the talk's)")),
    description: Type.Optional(Type.String({ maxLength: 500 })),
    networks: Type.Array(NetworkSchema, { minItems: 1, maxItems: 4096 }),
    hosts: Type.Array(HostSchema, { minItems: 1, maxItems: 4096 }),
    carp: Type.Optional(Type.Array(CarpGroupSchema, { maxItems: 4096 })),
    chains: Type.Optional(Type.Array(ChainSchema, { maxItems: 4096 })),
    mysql: Type.Optional(Type.Array(MysqlSchema, { maxItems: 4096 })),
    storage: Type.Optional(Type.Array(StorageSchema, { maxItems: 4096 })),
    requirements: Type.Optional(RequirementsSchema),
    traffic: Type.Optional(TrafficSchema),
  },
  {
    $id: "https://speed-daemons-lab.invalid/lab.schema.json",
    title: "Speed Daemons lab",
    description: "A FreeBSD HA cluster lab: hosts, networks, CARP, services, storage",
    additionalProperties: false,
  },
);
