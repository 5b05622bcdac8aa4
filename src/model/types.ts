// The lab's data types. `LabSpec` is what a user writes (Vagrantfile.ts or lab.json), derived from
// the schema; `ResolvedLab` is what resolve() returns: every default applied, every reference
// turned into the thing it names. Everything downstream (generate, sim, backends) reads ResolvedLab.

import type Type from "typebox";
import type {
  CarpGroupSchema, ChainSchema, DiskSchema, HostSchema, LabSchema, LaggSchema, MysqlSchema, NetworkSchema,
  NicSchema, PoolSchema, ServiceSchemas, StorageSchema, VdevSchema, RELEASES, ROLES, NETWORK_KINDS,
  LAGG_PROTOCOLS, DISK_KINDS, DISK_BUSES, VDEV_TYPES, SERVICE_KINDS,
} from "./schema.js";

export type DeepReadonly<T> = T extends (infer E)[]
  ? readonly DeepReadonly<E>[]
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

type Spec<S extends Type.TSchema> = DeepReadonly<Type.Static<S>>;

export type Release = (typeof RELEASES)[number];
export type Role = (typeof ROLES)[number];
export type NetworkKind = (typeof NETWORK_KINDS)[number];
export type LaggProtocol = (typeof LAGG_PROTOCOLS)[number];
export type DiskKind = (typeof DISK_KINDS)[number];
export type DiskBus = (typeof DISK_BUSES)[number];
export type VdevType = (typeof VDEV_TYPES)[number];
export type ServiceKind = (typeof SERVICE_KINDS)[number];

export type LabSpec = Spec<typeof LabSchema>;
export type NetworkSpec = Spec<typeof NetworkSchema>;
export type HostSpec = Spec<typeof HostSchema>;
export type NicSpec = Spec<typeof NicSchema>;
export type LaggSpec = Spec<typeof LaggSchema>;
export type DiskSpec = Spec<typeof DiskSchema>;
export type VdevSpec = Spec<typeof VdevSchema>;
export type PoolSpec = Spec<typeof PoolSchema>;
export type ServiceSpec = Spec<(typeof ServiceSchemas)[number]>;
export type CarpGroupSpec = Spec<typeof CarpGroupSchema>;
export type ChainSpec = Spec<typeof ChainSchema>;
export type MysqlSpec = Spec<typeof MysqlSchema>;
export type StorageSpec = Spec<typeof StorageSchema>;
export type ServiceSpecOf<K extends ServiceKind> = Extract<ServiceSpec, { readonly kind: K }>;

/** Per-lab secrets, generated once into `.lab/secrets.json` (never tracked). */
export interface LabSecrets {
  /** CARP `pass` per group name (<= 19 characters, [A-Za-z0-9]). */
  readonly carpPass: Readonly<Record<string, string>>;
  readonly mysql: { readonly rootPassword: string; readonly replicationPassword: string; readonly appPassword: string };
  /** The lab's provisioning key pair, OpenSSH format. */
  readonly ssh: { readonly privateKey: string; readonly publicKey: string };
}

export interface ResolvedNetwork {
  readonly name: string;
  readonly kind: NetworkKind;
  readonly cidr: string;
  /** Network address, dotted quad. */
  readonly network: string;
  readonly prefixLength: number;
  readonly netmask: string;
}

export interface ResolvedNic {
  readonly name: string;
  readonly mac: string;
  /** Set when the NIC carries an address itself. */
  readonly network?: string;
  readonly address?: string;
  /** Set when the NIC is a port of a LAGG. */
  readonly lagg?: string;
}

export interface ResolvedLagg {
  readonly name: string;
  readonly protocol: LaggProtocol;
  readonly ports: readonly string[];
  readonly network: string;
  readonly address: string;
  readonly prefixLength: number;
}

/** An addressed L3 interface (a LAGG or a plain NIC). */
export interface ResolvedInterface {
  readonly name: string;
  readonly kind: "lagg" | "nic";
  readonly network: string;
  readonly address: string;
  readonly prefixLength: number;
}

export interface ResolvedDisk {
  readonly name: string;
  readonly kind: DiskKind;
  readonly sizeGiB: number;
  readonly bus: DiskBus;
  /** FreeBSD device name: ada0, da3, vtbd1. */
  readonly device: string;
}

export interface ResolvedVdev {
  readonly type: VdevType;
  readonly disks: readonly string[];
  readonly devices: readonly string[];
}

export interface ResolvedPool {
  readonly name: string;
  readonly vdevs: readonly ResolvedVdev[];
  readonly log?: ResolvedVdev;
}

interface ServiceCommon {
  readonly ports: readonly number[];
  /** "0.0.0.0" for all addresses, else the concrete address (a VIP for carp:GROUP). */
  readonly bindAddress: string;
  /** The CARP group when bound to its VIP. */
  readonly bindCarp?: string;
}

export type ResolvedService =
  | (ServiceCommon & { readonly kind: "nginx"; readonly workerProcesses: number; readonly maxFails: number; readonly failTimeoutS: number })
  | (ServiceCommon & {
      readonly kind: "varnish";
      readonly storageMiB: number;
      readonly probe: { readonly intervalS: number; readonly timeoutS: number; readonly window: number; readonly threshold: number };
      readonly graceS: number;
    })
  | (ServiceCommon & {
      readonly kind: "haproxy";
      readonly check: { readonly interMs: number; readonly rise: number; readonly fall: number };
      readonly cookie: string;
      readonly redispatch: boolean;
      readonly maxconnPerServer: number;
    })
  | (ServiceCommon & { readonly kind: "zope"; readonly threads: number; readonly serviceTimeMs: number })
  | (ServiceCommon & { readonly kind: "solr"; readonly heapMiB: number })
  | (ServiceCommon & { readonly kind: "mysql"; readonly bufferPoolMiB: number })
  | (ServiceCommon & { readonly kind: "nfs" | "iscsi" | "ifstated" | "pf" | "pfsync" });

export type ResolvedServiceOf<K extends ServiceKind> = Extract<ResolvedService, { readonly kind: K }>;

/** A host's membership in a CARP group, seen from the host. */
export interface ResolvedCarpMembership {
  readonly group: string;
  readonly vhid: number;
  readonly interface: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly advbase: number;
  readonly advskew: number;
}

export interface ResolvedHost {
  readonly name: string;
  readonly role: Role;
  readonly cpus: number;
  readonly memoryMiB: number;
  readonly nics: readonly ResolvedNic[];
  readonly laggs: readonly ResolvedLagg[];
  readonly interfaces: readonly ResolvedInterface[];
  readonly disks: readonly ResolvedDisk[];
  readonly pools: readonly ResolvedPool[];
  readonly services: readonly ResolvedService[];
  readonly carp: readonly ResolvedCarpMembership[];
  /** net.inet.carp.preempt on this host. */
  readonly carpPreempt: boolean;
}

export interface ResolvedCarpMember {
  readonly host: string;
  readonly interface: string;
  readonly advskew: number;
  readonly preempt: boolean;
}

export interface ResolvedCarpGroup {
  readonly name: string;
  readonly vhid: number;
  readonly network: string;
  readonly address: string;
  readonly prefixLength: number;
  readonly advbase: number;
  readonly members: readonly ResolvedCarpMember[];
}

export interface Endpoint {
  readonly host?: string;
  readonly address: string;
  readonly port: number;
}

export interface ResolvedHop {
  readonly from: ServiceKind;
  readonly to: ServiceKind;
  readonly via?: string;
  /** Calling hosts, each with the endpoints it sends to. */
  readonly callers: readonly { readonly host: string; readonly upstreams: readonly Endpoint[] }[];
}

export interface ResolvedChain {
  readonly name: string;
  readonly entry: { readonly carp: string; readonly address: string; readonly ports: readonly number[] };
  readonly hops: readonly ResolvedHop[];
}

export interface ResolvedMysqlPair {
  readonly name: string;
  readonly master: string;
  readonly replica: string;
  readonly carp: string;
  readonly vip: string;
  readonly port: number;
  readonly semiSync: boolean;
  readonly semiSyncTimeoutMs: number;
  readonly replicationUser: string;
  readonly serverIds: Readonly<Record<string, number>>;
  /** Hosts allowed to reach 3306 (the callers of mysql in the chains). */
  readonly clients: readonly string[];
}

export interface ResolvedSnapshotSchedule {
  /** zfSnap-style label: "5m", "15m", "1h". */
  readonly label: string;
  readonly everyS: number;
  readonly keepS: number;
  /** How many snapshots of this schedule exist in steady state. */
  readonly retained: number;
}

export interface ResolvedStoragePair {
  readonly name: string;
  readonly primary: string;
  readonly replica: string;
  readonly pool: string;
  readonly datasets: readonly { readonly name: string; readonly path: string; readonly quotaGiB?: number }[];
  readonly snapshots: readonly ResolvedSnapshotSchedule[];
  readonly replicationEveryS: number;
  /** Address of the replica on the network both hosts share. */
  readonly replicationTarget: string;
  readonly nfs: readonly {
    readonly dataset: string;
    readonly path: string;
    readonly network: string;
    readonly cidr: string;
    readonly server: string;
    readonly consumers: readonly { readonly host: string; readonly mountpoint: string }[];
  }[];
  readonly iscsi: readonly {
    readonly name: string;
    readonly iqn: string;
    readonly dataset: string;
    readonly file: string;
    readonly sizeGiB: number;
    readonly server: string;
    readonly consumers: readonly { readonly host: string; readonly mountpoint: string }[];
  }[];
}

export interface ResolvedRequirements {
  readonly uptimePercent: number;
  readonly pageLoadS: { readonly min: number; readonly max: number };
  readonly registrationS: { readonly min: number; readonly max: number };
  readonly registeredUsers: { readonly min: number; readonly max: number };
}

export interface ResolvedTraffic {
  readonly registeredUsers: number;
  readonly peakSessionsPerS: number;
  readonly pageViewsPerSession: number;
  readonly registrationsPerHour: number;
  readonly cacheHitRatio: number;
  readonly dailyCurve: readonly number[];
}

export interface ResolvedLab {
  readonly name: string;
  readonly release: Release;
  readonly description: string;
  readonly networks: readonly ResolvedNetwork[];
  readonly hosts: readonly ResolvedHost[];
  readonly carp: readonly ResolvedCarpGroup[];
  readonly chains: readonly ResolvedChain[];
  readonly mysql: readonly ResolvedMysqlPair[];
  readonly storage: readonly ResolvedStoragePair[];
  readonly requirements: ResolvedRequirements;
  readonly traffic: ResolvedTraffic;
  readonly secrets: LabSecrets;
}
