// Incremental replication of a storage pair to its replica (`zfs send -I base newest | ssh replica zfs
// recv -F`, cron every replicationEveryS, one run at a time as lockf does): transfer time = delta bytes
// over the storage link, failure when the replica cannot be reached, retry on the next period, and RPO.

import type { Engine, Timer } from "../engine/engine.js";
import { seconds, type Micros } from "../engine/time.js";
import type { SnapshotSchedules, SnapshotSet } from "./snapshots.js";

export interface ReplicationOptions {
  readonly replica: string;
  /** Storage link bandwidth for the send stream; default 1 Gbit/s. */
  readonly linkBitsPerS?: number;
  /** Minutes past the snapshot grid the cron job runs (the generator uses 1 min); default 60 s. */
  readonly offsetS?: number;
  /** Is the path primary -> replica up (ssh connects, stream flows)? Asked at start and at the end. */
  readonly pathUp: () => boolean;
}

export class Replicator {
  /** Snapshots received on the replica, oldest first (expired by TTL as the replica's cron does). */
  readonly received: SnapshotSet[] = [];
  private base: SnapshotSet | undefined;
  private running: Timer | undefined;
  private timer: Timer | undefined;
  readonly linkBitsPerS: number;
  readonly offsetS: number;
  /** Counters for the summary. */
  readonly stats = { runs: 0, sent: 0, failed: 0, skippedBusy: 0, bytes: 0 };

  constructor(private readonly engine: Engine, private readonly snapshots: SnapshotSchedules, private readonly options: ReplicationOptions) {
    this.linkBitsPerS = options.linkBitsPerS ?? 1e9;
    this.offsetS = options.offsetS ?? 60;
  }

  /** Assumes the initial full send is done: whatever the primary holds now is on the replica too. */
  start(): void {
    this.received.push(...this.snapshots.present);
    this.base = this.snapshots.newest();
    const everyUs = seconds(this.snapshots.pair.replicationEveryS);
    const offsetUs = seconds(this.offsetS);
    this.scheduleAt(Math.ceil((this.engine.now - offsetUs) / everyUs) * everyUs + offsetUs);
  }

  stop(): void {
    this.timer?.cancel();
    this.running?.cancel();
  }

  /** Transfer time of `bytes` over the storage link. */
  transferUs(bytes: number): Micros {
    return seconds((bytes * 8) / this.linkBitsPerS);
  }

  newestOnReplica(): SnapshotSet | undefined {
    return this.received[this.received.length - 1];
  }

  /** RPO: age of the newest snapshot present on the replica (undefined before any). */
  rpoUs(nowUs: Micros = this.engine.now): Micros | undefined {
    const newest = this.newestOnReplica();
    return newest === undefined ? undefined : nowUs - newest.createdUs;
  }

  /** Bytes a promotion of the replica would lose: everything written after its newest snapshot. */
  lostBytesIfPromoted(): number {
    return this.snapshots.writtenBytes() - (this.newestOnReplica()?.writtenMarkBytes ?? 0);
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

  private run(): void {
    this.stats.runs++;
    if (this.running) {
      this.stats.skippedBusy++;
      return;
    }
    const newest = this.snapshots.newest();
    if (!newest || newest === this.base) return;
    if (!this.options.pathUp()) {
      this.stats.failed++;
      this.emit("failed", { to: newest.name, reason: "replica unreachable (ssh connect timed out)" });
      return;
    }
    // -I ships every snapshot between the common base and the newest; the delta is the data written between them
    const base = this.base;
    const bytes = Math.max(0, newest.writtenMarkBytes - (base?.writtenMarkBytes ?? 0));
    const durationUs = this.transferUs(bytes);
    this.emit("start", { from: base?.name ?? null, to: newest.name, bytes, durationS: durationUs / 1e6 });
    this.running = this.engine.after(durationUs, () => {
      this.running = undefined;
      if (!this.options.pathUp()) {
        this.stats.failed++;
        this.emit("failed", { to: newest.name, reason: "connection lost during send" });
        return;
      }
      this.receive(base, newest);
      this.stats.sent++;
      this.stats.bytes += bytes;
      this.emit("done", { from: base?.name ?? null, to: newest.name, bytes, durationS: durationUs / 1e6 });
    });
  }

  private receive(base: SnapshotSet | undefined, newest: SnapshotSet): void {
    const after = base?.createdUs ?? -1;
    for (const s of this.snapshots.present) if (s.createdUs > after && s.createdUs <= newest.createdUs && !this.received.includes(s)) this.received.push(s);
    this.received.sort((a, b) => a.createdUs - b.createdUs);
    this.base = newest;
    const now = this.engine.now;
    for (let i = this.received.length - 1; i >= 0; i--) if ((this.received[i]?.expiresUs ?? Infinity) <= now && this.received[i] !== newest) this.received.splice(i, 1);
  }
}
