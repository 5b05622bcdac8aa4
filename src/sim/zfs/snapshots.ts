// Rolling snapshots of a storage pair's datasets on the cron schedules of the model (5 min keep 1 h,
// 15 min keep 1 d, 1 h keep 1 w), zfSnap TTL names, expiry, and the bytes written between snapshots.

import type { ResolvedSnapshotSchedule, ResolvedStoragePair } from "../../model/types.js";
import type { Engine, Timer } from "../engine/engine.js";
import { seconds, US_PER_S, type Micros } from "../engine/time.js";
import type { ZfsPool } from "./pool.js";
import { DEFAULT_EPOCH_MS, snapshotName, ttlLabel } from "./snapshot-name.js";

/** One zfSnap run: the same-named snapshot of every dataset of the pair (`-r` over the datasets). */
export interface SnapshotSet {
  /** Snapshot name of the first dataset, e.g. `tank/solr@2011-05-10_14.35.00--1h`. */
  readonly name: string;
  readonly names: readonly string[];
  readonly label: string;
  readonly createdUs: Micros;
  readonly expiresUs: Micros;
  /** Bytes written to the datasets up to this snapshot (the delta of an incremental send is a difference). */
  readonly writtenMarkBytes: number;
}

export type WriteRate = number | ((tUs: Micros) => number);

export interface SnapshotOptions {
  readonly host: string;
  /** Wall-clock date of simulated time 0 (names are deterministic). */
  readonly epochMs?: number;
  /** Bytes per second written to the datasets; a function is sampled piecewise between events. */
  readonly writeRateBytesPerS?: WriteRate;
  /** When given, writes land in this pool (resilver sizes follow) and an UNAVAIL pool takes no snapshots. */
  readonly pool?: ZfsPool;
  /** Snapshots the host holds already (a promoted replica's received ones), oldest first. */
  readonly present?: readonly SnapshotSet[];
  /** Bytes written in the datasets' history so far (marks continue from here). */
  readonly writtenBytes?: number;
  /** Does cron run the jobs now (the host is up)? When not, a schedule passes without a trace. */
  readonly running?: () => boolean;
  /** Why `zfs snapshot` fails now, if it does (default: the pool is UNAVAIL). */
  readonly snapshotProblem?: () => string | undefined;
  /** Do the datasets take writes now (default: the pool is not UNAVAIL)? The caller reads writtenBytes() before it changes. */
  readonly accepting?: () => boolean;
}

export class SnapshotSchedules {
  readonly host: string;
  readonly epochMs: number;
  /** Snapshots present on the primary, oldest first. */
  readonly present: SnapshotSet[];
  /** Snapshot runs that created a snapshot set. */
  taken = 0;
  private written: number;
  private integratedUs: Micros;
  private readonly timers: Timer[] = [];

  constructor(private readonly engine: Engine, readonly pair: ResolvedStoragePair, private readonly options: SnapshotOptions) {
    this.host = options.host;
    this.epochMs = options.epochMs ?? DEFAULT_EPOCH_MS;
    this.integratedUs = engine.now;
    this.present = [...(options.present ?? [])];
    this.written = options.writtenBytes ?? 0;
  }

  /** Starts every schedule on its cron grid (multiples of everyS from time 0, as cron's `*\/5` fires). */
  start(): void {
    for (const s of this.pair.snapshots) {
      const everyUs = seconds(s.everyS);
      const next = Math.ceil(this.engine.now / everyUs) * everyUs;
      // on the grid now (time 0 is on every grid): take it at once, so a replica baseline can follow
      if (next === this.engine.now) this.take(s);
      this.scheduleAt(s, next === this.engine.now ? next + everyUs : next);
    }
  }

  stop(): void {
    for (const t of this.timers.splice(0)) t.cancel();
  }

  /** Explicit writes (from the request model) on top of the write rate. */
  recordWrite(bytes: number): void {
    this.integrate();
    this.addWritten(bytes);
  }

  /** Bytes written to the datasets so far. */
  writtenBytes(): number {
    this.integrate();
    return this.written;
  }

  countOf(label: string): number {
    return this.present.filter((s) => s.label === label).length;
  }

  newest(): SnapshotSet | undefined {
    return this.present[this.present.length - 1];
  }

  private addWritten(bytes: number): void {
    this.written += bytes;
    this.options.pool?.recordWrite(bytes);
  }

  // why: the rate is piecewise constant between events, so integrating lazily costs nothing per byte
  private integrate(): void {
    const now = this.engine.now;
    if (now <= this.integratedUs) return;
    const rate = this.options.writeRateBytesPerS ?? 0;
    const perS = typeof rate === "number" ? rate : rate(this.integratedUs);
    const accepting = this.options.accepting ? this.options.accepting() : this.options.pool?.state !== "UNAVAIL";
    if (accepting && perS > 0) this.addWritten(Math.round((perS * (now - this.integratedUs)) / US_PER_S));
    this.integratedUs = now;
  }

  /** A snapshot set outside the schedules (a runbook's `zfs snapshot -r`), or why it failed. */
  takeNow(label: string, keepS: number): SnapshotSet | string {
    this.integrate();
    const problem = this.problem();
    if (problem !== undefined) {
      this.engine.emit({ type: "zfs.snapshot", host: this.host, pool: this.pair.pool, phase: "failed", label, reason: problem });
      return problem;
    }
    return this.create(label, keepS);
  }

  private problem(): string | undefined {
    if (this.options.snapshotProblem) return this.options.snapshotProblem();
    return this.options.pool?.state === "UNAVAIL" ? "pool UNAVAIL" : undefined;
  }

  private create(label: string, keepS: number): SnapshotSet {
    const now = this.engine.now;
    const names = this.pair.datasets.map((d) => snapshotName(d.path, this.epochMs, now, keepS));
    const set: SnapshotSet = { name: names[0] ?? "", names, label, createdUs: now, expiresUs: now + seconds(keepS), writtenMarkBytes: this.written };
    this.present.push(set);
    this.taken++;
    this.engine.emit({ type: "zfs.snapshot", host: this.host, pool: this.pair.pool, phase: "create", name: set.name }, "protocol");
    return set;
  }

  /** Fires at `at`, then every everyS after it. */
  private scheduleAt(s: ResolvedSnapshotSchedule, at: Micros): void {
    const timer = this.engine.at(at, () => {
      this.timers.splice(this.timers.indexOf(timer), 1);
      this.take(s);
      this.scheduleAt(s, at + seconds(s.everyS));
    });
    this.timers.push(timer);
  }

  /** `zfsnap snapshot -a TTL -r DATASETS` then `zfsnap destroy`: TTLs that have passed are destroyed. */
  private take(s: ResolvedSnapshotSchedule): void {
    this.integrate();
    if (this.options.running && !this.options.running()) return;
    const problem = this.problem();
    if (problem !== undefined) {
      this.engine.emit({ type: "zfs.snapshot", host: this.host, pool: this.pair.pool, phase: "failed", label: ttlLabel(s.keepS), reason: problem });
      return; // zfs-snapshot.sh exits before `zfsnap destroy` when the snapshot failed
    }
    this.create(s.label, s.keepS);
    this.expire(this.engine.now);
  }

  private expire(now: Micros): void {
    for (let i = this.present.length - 1; i >= 0; i--) {
      const s = this.present[i];
      if (s && s.expiresUs <= now) {
        this.present.splice(i, 1);
        this.engine.emit({ type: "zfs.snapshot", host: this.host, pool: this.pair.pool, phase: "destroy", name: s.name }, "protocol");
      }
    }
  }
}
