// One storage pair at run time: which member is the primary (snapshots on its cron, the consumers'
// writes) and which the replica; replication as the generated cron does it (only the lab's primary has
// the zfs-replicate.sh job); emergency promotion of the replica (storage-promote: the writes since its
// newest snapshot are lost and reported); planned switchover (storage-demote of the primary, nothing
// lost); the RPO and its maximum.
//
// Runbook modelled by storage-promote HOST: `zfs set readonly=off` on the replica's datasets, its
// exports and iSCSI targets started, the snapshot jobs moved to it, every consumer re-pointed to its
// address (umount -f + mount; iscsictl -R + -A), and the old primary fenced: readonly=on and `zfs
// rollback -r` to the newest snapshot both sides hold, so that it is a clean replica again. The
// replication job stays where the lab put it (the lab's primary): after a promotion nothing
// replicates until storage-demote switches back.

import type { ResolvedLab, ResolvedStoragePair } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import { seconds, type Micros } from "../engine/time.js";
import type { World } from "../world/world.js";
import { DEFAULT_EPOCH_MS, poolStreamRateBytesPerS, Replicator, snapshotName, SnapshotSchedules, type SnapshotSet, type ZfsPool } from "../zfs/index.js";
import { poolProblem, sshAnswers } from "./storage-checks.js";
import type { StorageHost } from "./storage-host.js";
import type { StorageLinks } from "./storage-links.js";
import { RpoTracker } from "./storage-rpo.js";
import { Switchover } from "./storage-switchover.js";
import type { StoragePairView } from "./types.js";

export interface PairEnv {
  readonly engine: Engine;
  readonly world: World;
  readonly lab: ResolvedLab;
  readonly links: StorageLinks;
  host(name: string): StorageHost;
  /** Background writes into the datasets, bytes per second, on top of the consumers' writes. */
  readonly writeRateBytesPerS: number;
  readonly replicationOffsetS: number;
}

interface Member {
  readonly host: string;
  /** Its address on the replication network. */
  readonly address: string;
  /** Snapshots it holds, oldest first: every one an ancestor of its live data. */
  held: SnapshotSet[];
  /** Bytes in the history of its live data (snapshot marks count the same bytes). */
  liveMarkBytes: number;
}

export interface PromotionRecord {
  readonly atS: number;
  readonly host: string;
  readonly lostBytes: number;
  readonly lostSinceS: number | undefined;
  readonly kind: "promote" | "switchover";
  readonly ok: boolean;
  readonly message: string;
}

export class StoragePair {
  readonly network: string;
  private primary: Member;
  private replica: Member;
  private snapshots!: SnapshotSchedules;
  private replication: Replicator | undefined;
  private switchover: Switchover | undefined;
  /** The exports are unmounted for a switchover's last increment. */
  quiesced = false;
  readonly promotions: PromotionRecord[] = [];
  private readonly rpo = new RpoTracker();
  private readonly totals = { taken: 0, sent: 0, failed: 0 };
  private readonly longestKeepS: number;

  constructor(private readonly env: PairEnv, readonly pair: ResolvedStoragePair, startBytes: number) {
    const owner = env.lab.hosts.flatMap((h) => h.interfaces).find((i) => i.address === pair.replicationTarget);
    if (!owner) throw new Error(`storage pair ${pair.name}: no host has the replication target ${pair.replicationTarget}`);
    this.network = owner.network;
    this.longestKeepS = Math.max(3600, ...pair.snapshots.map((s) => s.keepS));
    // the lab was provisioned with the replica seeded: one snapshot both sides hold at the start
    const now = env.engine.now;
    const names = pair.datasets.map((d) => snapshotName(d.path, DEFAULT_EPOCH_MS, now, this.longestKeepS));
    const baseline: SnapshotSet = { name: names[0] ?? "", names, label: "provision", createdUs: now, expiresUs: now + seconds(this.longestKeepS), writtenMarkBytes: startBytes };
    this.primary = { host: pair.primary, address: this.addressOf(pair.primary), held: [baseline], liveMarkBytes: startBytes };
    this.replica = { host: pair.replica, address: this.addressOf(pair.replica), held: [baseline], liveMarkBytes: startBytes };
    this.startSnapshots();
    this.startReplication();
    this.noteRecoveryPoint();
  }

  get primaryHost(): string {
    return this.primary.host;
  }

  get replicaHost(): string {
    return this.replica.host;
  }

  /** The primary's address on `network` (where its exports are mounted from). */
  serverAddress(network: string): string | undefined {
    return this.env.lab.hosts.find((h) => h.name === this.primary.host)?.interfaces.find((i) => i.network === network)?.address;
  }

  poolOf(host: string): ZfsPool {
    return this.env.host(host).pool(this.pair.pool);
  }

  /** Can the primary's datasets take a write now (imported, not suspended, not quiesced)? Space is checked per write. */
  writable(): boolean {
    const pool = this.poolOf(this.primary.host);
    return !this.quiesced && pool.imported && pool.state !== "UNAVAIL";
  }

  /** A consumer's write landed in the primary's datasets. */
  recordWrite(bytes: number): void {
    this.snapshots.recordWrite(bytes);
  }

  /** Accounts the background writes up to now: call before anything that changes writable(). */
  flush(): void {
    this.snapshots.writtenBytes();
  }

  /** Streams pick up changed rates (links, slow disks, pools). */
  retime(): void {
    this.replication?.retime();
    this.switchover?.retime();
  }

  /** storage-promote HOST: the replica takes over at once from what it holds. */
  promote(host: string): void {
    if (host === this.primary.host) {
      this.env.engine.emit({ type: "zfs.promote", host, pair: this.pair.name, ok: false, message: `${host} is already the primary of ${this.pair.name}` });
      return;
    }
    const refused = this.promoteProblem(host);
    if (refused !== undefined) {
      this.promotions.push({ atS: this.env.engine.now / 1e6, host, lostBytes: 0, lostSinceS: undefined, kind: "promote", ok: false, message: refused });
      this.env.engine.emit({ type: "zfs.promote", host, pair: this.pair.name, ok: false, message: refused });
      return;
    }
    this.switchover?.abort(`storage-promote ${host}`);
    this.flush();
    this.stopJobs(`the receiving side ${host} was promoted`);
    const from = this.primary;
    const to = this.replica;
    const newest = to.held[to.held.length - 1];
    const lostBytes = Math.max(0, from.liveMarkBytes - to.liveMarkBytes);
    const lostSinceS = newest ? newest.createdUs / 1e6 : undefined;
    // the fenced old primary: readonly=on, rolled back to the newest snapshot both hold (none: destroyed, re-seeded by a full send)
    const common = this.newestCommon(from.held, to.held);
    from.held = common ? from.held.filter((s) => s.createdUs <= common.createdUs) : [];
    const rolledBackTo = common?.writtenMarkBytes ?? 0;
    this.poolOf(from.host).recordFree(from.liveMarkBytes - rolledBackTo);
    from.liveMarkBytes = rolledBackTo;
    this.primary = to;
    this.replica = from;
    this.startSnapshots();
    this.startReplication();
    this.noteRecoveryPoint();
    const message = `${to.host} promoted: ${lostBytes} bytes written on ${from.host} since ${newest?.name ?? "the start"} are lost; consumers re-pointed to ${to.address}`;
    this.promotions.push({ atS: this.env.engine.now / 1e6, host: to.host, lostBytes, lostSinceS, kind: "promote", ok: true, message });
    this.env.engine.emit({ type: "zfs.promote", host: to.host, pair: this.pair.name, from: from.host, ok: true, lostBytes, lostSinceS: lostSinceS ?? null });
  }

  /** A member went off: a send it was making dies with it (a receiver going off is noticed by ssh's keepalives). */
  hostDown(host: string): void {
    if (host !== this.primary.host) return;
    this.replication?.abortSend(`zfs send died: ${host} went down`);
    this.switchover?.abort(`${host} went down`);
  }

  /** storage-demote HOST: the primary hands over to the other member without losing a write. */
  demote(host: string): void {
    const emitRefused = (message: string) => this.env.engine.emit({ type: "zfs.switchover", host, pair: this.pair.name, phase: "refused", message });
    if (host === this.replica.host) return emitRefused(`${host} is already the replica of ${this.pair.name}`);
    if (this.switchover?.active) return emitRefused(`a switchover of ${this.pair.name} is already running`);
    const from = this.primary;
    const to = this.replica;
    const problem = this.switchoverProblem(from, to);
    if (problem !== undefined) {
      this.promotions.push({ atS: this.env.engine.now / 1e6, host: to.host, lostBytes: 0, lostSinceS: undefined, kind: "switchover", ok: false, message: problem });
      this.env.engine.emit({ type: "zfs.switchover", host: from.host, pair: this.pair.name, phase: "failed", message: problem });
      return;
    }
    this.stopReplication("switchover: the runbook disables the replication job");
    this.env.engine.emit({ type: "zfs.switchover", host: from.host, pair: this.pair.name, phase: "start", to: to.host });
    this.switchover = new Switchover(this.env.engine, {
      target: to.address,
      snapshot: () => this.snapshots.takeNow("switchover", this.longestKeepS),
      common: () => this.newestCommon(this.snapshots.present, to.held),
      rateBitsPerS: () => this.streamRateBitsPerS(from, to),
      pathUp: () => sshAnswers(this.env.world, from.host, to.host, to.address),
      receive: (base, newest, bytes) => this.receiveInto(to, base, newest, bytes),
      quiesce: (on) => {
        this.flush();
        this.quiesced = on;
        this.env.engine.emit({ type: "zfs.switchover", host: from.host, pair: this.pair.name, phase: on ? "quiesce" : "resume" });
      },
      finish: (ok, message) => this.finishSwitchover(from, to, ok, message),
    });
    this.switchover.start();
  }

  view(): StoragePairView {
    const now = this.env.engine.now;
    const onReplica = this.newestOnReplica();
    const newest = this.snapshots.newest();
    return {
      pair: this.pair.name, primary: this.primary.host, replica: this.replica.host,
      ...(newest ? { newestSnapshot: newest.name } : {}),
      ...(onReplica ? { newestOnReplica: onReplica.name, rpoS: (now - onReplica.createdUs) / 1e6 } : {}),
      replicating: (this.replication?.sending ?? false) || (this.switchover?.active ?? false),
    };
  }

  counts(): { readonly maxRpoS: number | undefined; readonly snapshotsTaken: number; readonly replications: number; readonly replicationFailures: number; readonly lastError: string | undefined } {
    const max = this.rpo.maxRpoUs(this.env.engine.now);
    return {
      maxRpoS: max === undefined ? undefined : max / 1e6,
      snapshotsTaken: this.totals.taken + this.snapshots.taken,
      replications: this.totals.sent + (this.replication?.stats.sent ?? 0),
      replicationFailures: this.totals.failed + (this.replication?.stats.failed ?? 0),
      lastError: this.replication?.lastError,
    };
  }

  /** Bytes a promotion of the replica would lose now. */
  lostBytesIfPromoted(): number {
    this.flush();
    const liveReplica = this.replication ? (this.replication.newestOnReplica()?.writtenMarkBytes ?? 0) : this.replica.liveMarkBytes;
    return Math.max(0, this.snapshots.writtenBytes() - liveReplica);
  }

  // --- jobs -------------------------------------------------------------------------------------

  private addressOf(host: string): string {
    const address = this.env.lab.hosts.find((h) => h.name === host)?.interfaces.find((i) => i.network === this.network)?.address;
    if (!address) throw new Error(`storage pair ${this.pair.name}: ${host} has no address on the ${this.network} network`);
    return address;
  }

  private startSnapshots(): void {
    const m = this.primary;
    const pool = this.poolOf(m.host);
    const world = this.env.world;
    this.snapshots = new SnapshotSchedules(this.env.engine, this.pair, {
      host: m.host, pool, present: m.held, writtenBytes: m.liveMarkBytes, writeRateBytesPerS: this.env.writeRateBytesPerS,
      running: () => world.host(m.host).state === "running",
      snapshotProblem: () => poolProblem(pool),
      accepting: () => this.writable() && !pool.full,
    });
    this.snapshots.start();
  }

  /** Only the lab's primary has the replication cron job (zfs-replicate.sh names the lab's replica). */
  private startReplication(): void {
    this.replication = undefined;
    if (this.primary.host !== this.pair.primary) return;
    const from = this.primary;
    const to = this.replica;
    const world = this.env.world;
    const replication = new Replicator(this.env.engine, this.snapshots, {
      replica: to.host, target: to.address, offsetS: this.env.replicationOffsetS,
      linkBitsPerS: () => this.streamRateBitsPerS(from, to),
      pathUp: () => sshAnswers(world, from.host, to.host, to.address),
      running: () => world.host(from.host).state === "running",
      receiveProblem: () => poolProblem(this.poolOf(to.host)),
      received: to.held,
      replicaPool: this.poolOf(to.host),
      onReceive: (newest) => {
        to.liveMarkBytes = newest.writtenMarkBytes;
        this.noteRecoveryPoint();
        this.rpo.start();
      },
    });
    replication.start();
    this.replication = replication;
  }

  /** Moves the replica's holdings out of the replication job and ends it (a running send is killed). */
  private stopReplication(reason: string): void {
    const r = this.replication;
    if (!r) return;
    r.stop(reason);
    this.replica.held = [...r.received];
    this.totals.sent += r.stats.sent;
    this.totals.failed += r.stats.failed;
    this.replication = undefined;
  }

  private stopJobs(reason: string): void {
    this.stopReplication(reason);
    this.primary.held = [...this.snapshots.present];
    this.primary.liveMarkBytes = this.snapshots.writtenBytes();
    this.totals.taken += this.snapshots.taken;
    this.snapshots.stop();
  }

  private newestOnReplica(): SnapshotSet | undefined {
    return this.replication ? this.replication.newestOnReplica() : this.replica.held[this.replica.held.length - 1];
  }

  private noteRecoveryPoint(): void {
    this.rpo.update(this.env.engine.now, this.newestOnReplica()?.createdUs);
  }

  private newestCommon(ours: readonly SnapshotSet[], theirs: readonly SnapshotSet[]): SnapshotSet | undefined {
    const held = new Set(theirs);
    for (let i = ours.length - 1; i >= 0; i--) if (held.has(ours[i]!)) return ours[i];
    return undefined;
  }

  /** One send stream: the slower of both ends' links on the replication network and both pools. */
  private streamRateBitsPerS(from: Member, to: Member): number {
    const links = this.env.links;
    return Math.min(
      links.streamBitsPerS(from.host, this.network),
      links.streamBitsPerS(to.host, this.network),
      poolStreamRateBytesPerS(this.poolOf(from.host), "read") * 8,
      poolStreamRateBytesPerS(this.poolOf(to.host), "write") * 8,
    );
  }

  /** The runbook runs on the replica: it must be up with its pool imported. */
  private promoteProblem(host: string): string | undefined {
    if (this.env.world.host(host).state !== "running") return `storage-promote refused: ${host} is not running`;
    const problem = poolProblem(this.poolOf(host));
    if (problem !== undefined && problem !== "out of space") return `storage-promote refused on ${host}: ${problem}`;
    return undefined;
  }

  private switchoverProblem(from: Member, to: Member): string | undefined {
    const world = this.env.world;
    for (const m of [from, to]) if (world.host(m.host).state !== "running") return `switchover of ${this.pair.name} refused: ${m.host} is not running`;
    const fromProblem = poolProblem(this.poolOf(from.host));
    if (fromProblem !== undefined && fromProblem !== "out of space") return `switchover of ${this.pair.name} refused on ${from.host}: ${fromProblem}`;
    const toProblem = poolProblem(this.poolOf(to.host));
    if (toProblem !== undefined) return `switchover of ${this.pair.name} refused on ${to.host}: ${toProblem}`;
    if (!sshAnswers(world, from.host, to.host, to.address)) return `switchover of ${this.pair.name} refused: ssh from ${from.host} to ${to.address} does not connect`;
    return undefined;
  }

  /** `zfs recv -F`: the receiving side rolls back to `base` and holds the primary's snapshots up to `newest`. */
  private receiveInto(to: Member, base: SnapshotSet | undefined, newest: SnapshotSet, bytes: number): void {
    const after = base?.createdUs ?? -1;
    to.held = to.held.filter((s) => base !== undefined && s.createdUs <= after);
    for (const s of this.snapshots.present) if (s.createdUs > after && s.createdUs <= newest.createdUs) to.held.push(s);
    to.held.sort((a, b) => a.createdUs - b.createdUs);
    to.liveMarkBytes = newest.writtenMarkBytes;
    this.poolOf(to.host).recordWrite(bytes);
  }

  private finishSwitchover(from: Member, to: Member, ok: boolean, message: string): void {
    const now: Micros = this.env.engine.now;
    if (ok) {
      this.stopJobs("switchover complete");
      this.primary = to;
      this.replica = from;
      this.startSnapshots();
      this.startReplication();
      this.noteRecoveryPoint();
    } else {
      this.startReplication();
    }
    this.promotions.push({ atS: now / 1e6, host: to.host, lostBytes: 0, lostSinceS: undefined, kind: "switchover", ok, message });
    this.env.engine.emit({ type: "zfs.switchover", host: from.host, pair: this.pair.name, phase: ok ? "done" : "failed", to: to.host, message });
  }
}
