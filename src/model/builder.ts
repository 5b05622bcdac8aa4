// The typed builder that Vagrantfile.ts uses to describe a lab. It only collects plain data (a
// LabSpec, checked later by the same schema and rules as lab.json) and remembers, for each element,
// the source line of the call that made it, so errors can point at `Vagrantfile.ts:40 host("app02")`.

import type {
  CarpGroupSpec, ChainSpec, DiskSpec, HostSpec, LabSpec, LaggSpec, MysqlSpec, NetworkSpec, NicSpec, PoolSpec, Role,
  ServiceKind, ServiceSpecOf, StorageSpec, VdevSpec,
} from "./types.js";

/** A call in the lab's source: the pointer of what it made, the call and its file:line:column. */
export interface Origin {
  readonly pointer: string;
  readonly call: string;
  readonly site: string;
}

export const ORIGINS = Symbol.for("speed-daemons-lab/origins");

export function originsOf(spec: unknown): readonly Origin[] {
  const origins = spec && typeof spec === "object" ? (spec as Record<symbol, readonly Origin[] | undefined>)[ORIGINS] : undefined;
  return origins ?? [];
}

type Mutable<T> = T extends readonly (infer E)[] ? Mutable<E>[] : T extends object ? { -readonly [K in keyof T]: Mutable<T[K]> } : T;
type Options<T, K extends keyof T> = Omit<T, K>;

// The caller's file:line:column, skipping the builder's own frames. Structured call sites (V8) are
// read directly: formatting a whole stack string for every builder call would cost start-up time.
function siteOf(fn: Function): string {
  const holder: { stack?: unknown } = {};
  const previous = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 1;
    Error.prepareStackTrace = (_error, sites) => sites;
    Error.captureStackTrace(holder, fn);
    const site = (holder.stack as { getFileName(): string | null; getLineNumber(): number | null; getColumnNumber(): number | null }[] | undefined)?.[0];
    const file = site?.getFileName();
    return site && file ? `${file.replace(/^file:\/\//, "")}:${site.getLineNumber()}:${site.getColumnNumber()}` : "";
  } finally {
    Error.prepareStackTrace = previous;
    Error.stackTraceLimit = limit;
  }
}

const quote = (s: string) => JSON.stringify(s);

export const mirror = (...disks: string[]): VdevSpec => ({ type: "mirror", disks });
export const raidz1 = (...disks: string[]): VdevSpec => ({ type: "raidz1", disks });
export const raidz2 = (...disks: string[]): VdevSpec => ({ type: "raidz2", disks });
export const raidz3 = (...disks: string[]): VdevSpec => ({ type: "raidz3", disks });
export const stripe = (...disks: string[]): VdevSpec => ({ type: "stripe", disks });

class Recorder {
  readonly origins: Origin[] = [];
  record(pointer: string, call: string, fn: Function): void {
    this.origins.push({ pointer, call, site: siteOf(fn) });
  }
}

export class HostBuilder {
  constructor(
    private readonly host: Mutable<HostSpec>,
    private readonly at: string,
    private readonly rec: Recorder,
  ) {}

  /** A NIC; `network` gives it an address of its own (LAGG ports have none). */
  nic(name: string, options: Options<NicSpec, "name"> = {}): this {
    this.host.nics.push({ name, ...options });
    this.rec.record(`${this.at}/nics/${this.host.nics.length - 1}`, `.nic(${quote(name)})`, this.nic);
    return this;
  }

  /** A LAGG over `ports`; NICs not declared yet are added. */
  lagg(name: string, ports: readonly string[], options: Options<LaggSpec, "name" | "ports">): this {
    for (const port of ports) if (!this.host.nics.some((n) => n.name === port)) this.host.nics.push({ name: port });
    const laggs = (this.host.laggs ??= []);
    laggs.push({ name, ports: [...ports], ...options });
    this.rec.record(`${this.at}/laggs/${laggs.length - 1}`, `.lagg(${quote(name)})`, this.lagg);
    return this;
  }

  disk(name: string, options: Options<DiskSpec, "name">): this {
    const disks = (this.host.disks ??= []);
    disks.push({ name, ...options });
    this.rec.record(`${this.at}/disks/${disks.length - 1}`, `.disk(${quote(name)})`, this.disk);
    return this;
  }

  /** `count` disks named prefix0, prefix1, ... */
  disks(prefix: string, count: number, options: Options<DiskSpec, "name">): this {
    const disks = (this.host.disks ??= []);
    for (let i = 0; i < count; i++) {
      disks.push({ name: `${prefix}${i}`, ...options });
      this.rec.record(`${this.at}/disks/${disks.length - 1}`, `.disks(${quote(prefix)}, ${count})`, this.disks);
    }
    return this;
  }

  /** Two OS disks in a mirrored `zroot`, as on every host of the talk's cluster. */
  osMirror(sizeGiB = 20, kind: DiskSpec["kind"] = "ssd"): this {
    const disks = (this.host.disks ??= []);
    const pools = (this.host.pools ??= []);
    disks.push({ name: "os0", kind, sizeGiB }, { name: "os1", kind, sizeGiB });
    pools.push({ name: "zroot", vdevs: [{ type: "mirror", disks: ["os0", "os1"] }] });
    this.rec.record(`${this.at}/pools/${pools.length - 1}`, `.osMirror(${sizeGiB})`, this.osMirror);
    return this;
  }

  pool(name: string, vdevs: readonly VdevSpec[], options: { log?: VdevSpec } = {}): this {
    const pools = (this.host.pools ??= []);
    pools.push({ name, vdevs: vdevs.map((v) => ({ type: v.type, disks: [...v.disks] })), ...(options.log ? { log: { type: options.log.type, disks: [...options.log.disks] } } : {}) });
    this.rec.record(`${this.at}/pools/${pools.length - 1}`, `.pool(${quote(name)})`, this.pool);
    return this;
  }

  service<K extends ServiceKind>(kind: K, options: Omit<ServiceSpecOf<K>, "kind"> = {} as Omit<ServiceSpecOf<K>, "kind">): this {
    this.host.services.push({ kind, ...options } as Mutable<HostSpec>["services"][number]);
    this.rec.record(`${this.at}/services/${this.host.services.length - 1}`, `.service(${quote(kind)})`, this.service);
    return this;
  }

  services(...kinds: ServiceKind[]): this {
    for (const kind of kinds) {
      this.host.services.push({ kind } as Mutable<HostSpec>["services"][number]);
      this.rec.record(`${this.at}/services/${this.host.services.length - 1}`, `.services(${quote(kind)})`, this.services);
    }
    return this;
  }
}

export class CarpBuilder {
  constructor(private readonly group: Mutable<CarpGroupSpec>, private readonly at: string, private readonly rec: Recorder) {}

  /** A member; advskew 0 for the preferred master, 100 for its peers. */
  member(host: string, options: { advskew: number; preempt?: boolean }): this {
    this.group.members.push({ host, ...options });
    this.rec.record(`${this.at}/members/${this.group.members.length - 1}`, `.member(${quote(host)})`, this.member);
    return this;
  }
}

export class ChainBuilder {
  constructor(private readonly chain: Mutable<ChainSpec>, private readonly at: string, private readonly rec: Recorder) {}

  hop(from: ServiceKind, to: ServiceKind, options: { via?: string; hosts?: readonly string[] } = {}): this {
    this.chain.hops.push({ from, to, ...(options.via ? { via: options.via } : {}), ...(options.hosts ? { hosts: [...options.hosts] } : {}) });
    this.rec.record(`${this.at}/hops/${this.chain.hops.length - 1}`, `.hop(${quote(from)}, ${quote(to)})`, this.hop);
    return this;
  }
}

export class StorageBuilder {
  constructor(private readonly pair: Mutable<StorageSpec>, private readonly at: string, private readonly rec: Recorder) {}

  dataset(name: string, options: { quotaGiB?: number } = {}): this {
    this.pair.datasets.push({ name, ...options });
    this.rec.record(`${this.at}/datasets/${this.pair.datasets.length - 1}`, `.dataset(${quote(name)})`, this.dataset);
    return this;
  }

  /** A snapshot schedule: `every` "5m", `keep` "1h" (zfSnap TTL). */
  snapshots(every: string, keep: string): this {
    this.pair.snapshots.push({ every, keep });
    this.rec.record(`${this.at}/snapshots/${this.pair.snapshots.length - 1}`, `.snapshots(${quote(every)}, ${quote(keep)})`, this.snapshots);
    return this;
  }

  replicateEvery(every: string): this {
    this.pair.replicationEvery = every;
    this.rec.record(`${this.at}/replicationEvery`, `.replicateEvery(${quote(every)})`, this.replicateEvery);
    return this;
  }

  nfs(dataset: string, options: { network: string; consumers: readonly { host: string; mountpoint: string }[] }): this {
    const nfs = (this.pair.nfs ??= []);
    nfs.push({ dataset, network: options.network, consumers: options.consumers.map((c) => ({ ...c })) });
    this.rec.record(`${this.at}/nfs/${nfs.length - 1}`, `.nfs(${quote(dataset)})`, this.nfs);
    return this;
  }

  iscsi(name: string, options: { dataset: string; sizeGiB: number; consumers: readonly { host: string; mountpoint: string }[] }): this {
    const iscsi = (this.pair.iscsi ??= []);
    iscsi.push({ name, dataset: options.dataset, sizeGiB: options.sizeGiB, consumers: options.consumers.map((c) => ({ ...c })) });
    this.rec.record(`${this.at}/iscsi/${iscsi.length - 1}`, `.iscsi(${quote(name)})`, this.iscsi);
    return this;
  }
}

export class LabBuilder {
  private readonly spec: Mutable<LabSpec>;
  private readonly rec = new Recorder();

  constructor(name: string) {
    this.spec = { name, networks: [], hosts: [] };
  }

  release(release: NonNullable<LabSpec["release"]>): this {
    this.spec.release = release;
    this.rec.record("/release", `release(${quote(release)})`, this.release);
    return this;
  }

  describe(text: string): this {
    this.spec.description = text;
    return this;
  }

  network(name: string, cidr: string, options: Options<NetworkSpec, "name" | "cidr"> = {}): this {
    this.spec.networks.push({ name, cidr, ...options });
    this.rec.record(`/networks/${this.spec.networks.length - 1}`, `network(${quote(name)})`, this.network);
    return this;
  }

  host(name: string, role: Role, options: { cpus?: number; memoryMiB?: number } = {}): HostBuilder {
    const host: Mutable<HostSpec> = { name, role, ...options, nics: [], services: [] };
    this.spec.hosts.push(host);
    const at = `/hosts/${this.spec.hosts.length - 1}`;
    this.rec.record(at, `host(${quote(name)})`, this.host);
    return new HostBuilder(host, at, this.rec);
  }

  carp(name: string, options: Options<CarpGroupSpec, "name" | "members">): CarpBuilder {
    const group: Mutable<CarpGroupSpec> = { name, ...options, members: [] };
    const carp = (this.spec.carp ??= []);
    carp.push(group);
    const at = `/carp/${carp.length - 1}`;
    this.rec.record(at, `carp(${quote(name)})`, this.carp);
    return new CarpBuilder(group, at, this.rec);
  }

  chain(name: string, options: { entry: string }): ChainBuilder {
    const chain: Mutable<ChainSpec> = { name, entry: options.entry, hops: [] };
    const chains = (this.spec.chains ??= []);
    chains.push(chain);
    const at = `/chains/${chains.length - 1}`;
    this.rec.record(at, `chain(${quote(name)})`, this.chain);
    return new ChainBuilder(chain, at, this.rec);
  }

  mysql(name: string, options: Options<MysqlSpec, "name">): this {
    const mysql = (this.spec.mysql ??= []);
    mysql.push({ name, ...options });
    this.rec.record(`/mysql/${mysql.length - 1}`, `mysql(${quote(name)})`, this.mysql);
    return this;
  }

  storage(name: string, options: { primary: string; replica: string; pool: string }): StorageBuilder {
    const pair: Mutable<StorageSpec> = { name, ...options, datasets: [], snapshots: [] };
    const storage = (this.spec.storage ??= []);
    storage.push(pair);
    const at = `/storage/${storage.length - 1}`;
    this.rec.record(at, `storage(${quote(name)})`, this.storage);
    return new StorageBuilder(pair, at, this.rec);
  }

  requirements(requirements: NonNullable<LabSpec["requirements"]>): this {
    this.spec.requirements = structuredClone(requirements) as Mutable<NonNullable<LabSpec["requirements"]>>;
    this.rec.record("/requirements", "requirements()", this.requirements);
    return this;
  }

  traffic(traffic: NonNullable<LabSpec["traffic"]>): this {
    this.spec.traffic = structuredClone(traffic) as Mutable<NonNullable<LabSpec["traffic"]>>;
    this.rec.record("/traffic", "traffic()", this.traffic);
    return this;
  }

  /** The plain LabSpec, carrying the call sites under the ORIGINS symbol (invisible to JSON). */
  build(): LabSpec {
    const spec = structuredClone(this.spec) as LabSpec;
    Object.defineProperty(spec, ORIGINS, { value: [...this.rec.origins], enumerable: false });
    return spec;
  }
}

/** Describes a lab: `export default defineLab("name", (lab) => { lab.host(...)... })`. */
export function defineLab(name: string, describe: (lab: LabBuilder) => void): LabSpec {
  const builder = new LabBuilder(name);
  describe(builder);
  return builder.build();
}

/** Pool spec helper for JSON-minded users: `pool("tank", [raidz2(...)])`. */
export type { PoolSpec };
