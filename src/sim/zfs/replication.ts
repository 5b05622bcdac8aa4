// Incremental replication of a storage pair to its replica, as the generated zfs-replicate.sh does it
// (cron every replicationEveryS past an offset, one run at a time under lockf): `zfs send -I COMMON
// NEWEST | ssh REPLICA zfs recv -F`, COMMON being the newest snapshot both sides hold (a full send
// when there is none). The delta is the data written between the two; the stream's duration follows
// the path's rate (send-stream.ts); a failed run is retried by the next period. RPO = age of the
// newest snapshot on the replica.

import type { Engine, Timer } from "../engine/engine.js";
import { seconds, type Micros } from "../engine/time.js";
import type { ZfsPool } from "./pool.js";
import { SendStream } from "./send-stream.js";
import type { SnapshotSchedules, SnapshotSet } from "./snapshots.js";

export interface ReplicationOptions {
  readonly replica: string;
  /** The replica's address as ssh names it in messages; default the replica's name. */
  readonly target?: string;
  /** Bandwidth of the send stream, bits per second: fixed, or read whenever the stream is (re)timed; default 1 Gbit/s. */
  readonly linkBitsPerS?: number | (() => number);
  /** Seconds past the snapshot grid the cron job runs (the generator uses 1 min); default 60 s. */
  readonly offsetS?: number;
  /** Does ssh get through to the replica now? Asked at the start and at each keepalive of a send. */
  readonly pathUp: () => boolean;
  /** Does cron run the job now (the primary is up)? Default: always. */
  readonly running?: () => boolean;
  /** Why `zfs recv` would fail on the replica now (pool unavailable, out of space), if it would. */
  readonly receiveProblem?: () => string | undefined;
  /** Snapshots the replica holds already; default whatever the primary holds at start (the initial full send is done). */
  readonly received?: readonly SnapshotSet[];
  /** Received data is written into this pool. */
  readonly replicaPool?: ZfsPool;
  /** Called after each received increment. */
  readonly onReceive?: (newest: SnapshotSet) => void;
}

export class Replicator {
  /** Snapshots received on the replica, oldest first (expired by TTL as the replica's cron does). */
  readonly received: SnapshotSet[] = [];
  private stream: SendStream | undefined;
  private timer: Timer | undefined;
  private readonly rate: () => number;
  readonly offsetS: number;
  /** Counters for the summary. */
  readonly stats = { runs: 0, sent: 0, failed: 0, skippedBusy: 0, bytes: 0 };
  lastError: string | undefined;

  constructor(private readonly engine: Engine, private readonly snapshots: SnapshotSchedules, private readonly options: ReplicationOptions) {
    const link = options.linkBitsPerS ?? 1e9;
    this.rate = typeof link === "number" ? () => link : link;
    this.offsetS = options.offsetS ?? 60;
  }

  get linkBitsPerS(): number {
    return this.rate();
  }

  /** A send is running. */
  get sending(): boolean {
    return this.stream?.active ?? false;
  }

  start(): void {
    this.received.push(...(this.options.received ?? this.snapshots.present));
    const everyUs = seconds(this.snapshots.pair.replicationEveryS);
    const offsetUs = seconds(this.offsetS);
    this.scheduleAt(Math.ceil((this.engine.now - offsetUs) / everyUs) * everyUs + offsetUs);
  }

  /** The cron job goes (a runbook disables it); a running send is killed with `reason`. */
  stop(reason = "replication stopped"): void {
    this.timer?.cancel();
    this.stream?.abort(reason);
  }

  /** Kills a running send (its sender went down); the cron job stays. */
  abortSend(reason: string): void {
    this.stream?.abort(reason);
  }

  /** A rate the stream depends on changed (link, pool). */
  retime(): void {
    this.stream?.retime();
  }

  /** Transfer time of `bytes` at the current rate. */
  transferUs(bytes: number): Micros {
    return seconds((bytes * 8) / this.rate());
  }

  newestOnReplica(): SnapshotSet | undefined {
    return this.received[this.received.length - 1];
  }

  /** The newest snapshot both sides hold: the base of the next incremental send. */
  commonSnapshot(): SnapshotSet | undefined {
    const theirs = new Set(this.received);
    for (let i = this.snapshots.present.length - 1; i >= 0; i--) {
      const s = this.snapshots.present[i];
      if (s && theirs.has(s)) return s;
    }
    return undefined;
  }

  /** RPO: age of the newest snapshot present on the replica (undefined before any). */
  rpoUs(nowUs: Micros = this.engine.now): Micros | undefined {
    const newest = this.newestOnReplica();
    return newest === undefined ? undefined : nowUs - newest.createdUs;
  }

  /** Bytes a promotion of the replica would lose: everything written after the newest common snapshot. */
  lostBytesIfPromoted(): number {
    return this.snapshots.writtenBytes() - (this.commonSnapshot()?.writtenMarkBytes ?? 0);
  }

  private scheduleAt(at: Micros): void {
    this.timer = this.engine.at(at, () => {
      this.run();
      this.scheduleAt(at + seconds(this.snapshots.pair.replicationEveryS));
    });
  }

  private emit(phase: string, fields: Record<string, unknown>): void {
    this.engine.emit({ type: "zfs.replication", host: this.snapshots.host, pool: this.snapshots.pair.pool, replica: this.options.replica, phase, ...fields });
  }

  private fail(to: string, reason: string): void {
    this.stats.failed++;
    this.lastError = reason;
    this.emit("failed", { to, reason });
  }

  private run(): void {
    if (this.options.running && !this.options.running()) return;
    this.stats.runs++;
    if (this.sending) {
      this.stats.skippedBusy++;
      return;
    }
    const newest = this.snapshots.newest();
    const common = this.commonSnapshot();
    if (!newest || newest === common) return;
    const target = this.options.target ?? this.options.replica;
    if (!this.options.pathUp()) {
      // ssh -o ConnectTimeout=10: the run gives up at once for the dataset, the next period retries
      this.fail(newest.name, `ssh: connect to host ${target} port 22: Operation timed out`);
      return;
    }
    const problem = this.options.receiveProblem?.();
    if (problem !== undefined) {
      this.fail(newest.name, `cannot receive: ${problem}`);
      return;
    }
    // -I ships every snapshot between the common one and the newest: the data written between them
    const bytes = Math.max(0, newest.writtenMarkBytes - (common?.writtenMarkBytes ?? 0));
    const stream = new SendStream(this.engine, {
      bytes, target, rateBitsPerS: this.rate, pathUp: this.options.pathUp,
      onDone: () => {
        const late = this.options.receiveProblem?.();
        if (late !== undefined) {
          this.fail(newest.name, `cannot receive: ${late}`);
          return;
        }
        this.receive(common, newest);
        this.options.replicaPool?.recordWrite(bytes);
        this.stats.sent++;
        this.stats.bytes += bytes;
        this.lastError = undefined;
        this.emit("done", { from: common?.name ?? null, to: newest.name, bytes, durationS: stream.durationUs / 1e6 });
        this.options.onReceive?.(newest);
      },
      onFail: (reason) => this.fail(newest.name, reason),
    });
    this.stream = stream;
    this.emit("start", { from: common?.name ?? null, to: newest.name, bytes, durationS: stream.durationUs / 1e6 });
  }

  private receive(common: SnapshotSet | undefined, newest: SnapshotSet): void {
    const after = common?.createdUs ?? -1;
    const theirs = new Set(this.received);
    for (const s of this.snapshots.present) if (s.createdUs > after && s.createdUs <= newest.createdUs && !theirs.has(s)) this.received.push(s);
    this.received.sort((a, b) => a.createdUs - b.createdUs);
    const now = this.engine.now;
    for (let i = this.received.length - 1; i >= 0; i--) if ((this.received[i]?.expiresUs ?? Infinity) <= now && this.received[i] !== newest) this.received.splice(i, 1);
  }
}
