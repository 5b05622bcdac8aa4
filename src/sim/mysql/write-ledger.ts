// Write accounting: every write is exactly one of rejected, replicated (fetched by a replica),
// committed-not-yet-fetched, or lost at failover (a split brain's loser included). Counters plus id
// ranges: flat memory.

import { RangeSet, type IdRange } from "./range-set.js";

export interface WriteCounts {
  readonly attempted: number;
  readonly rejected: number;
  /** Committed in some binlog (accepted by a writable server). */
  readonly committed: number;
  readonly replicated: number;
  readonly notYetFetched: number;
  readonly lost: number;
  /** Applied by a replica's SQL thread (a subset of replicated). */
  readonly applied: number;
  /** Lost writes a semi-sync replica had acknowledged: must stay 0. */
  readonly lostAcknowledged: number;
  /** Rejections by cause ("database read-only", "connection refused"). */
  readonly rejectedByCause: Readonly<Record<string, number>>;
}

export class WriteLedger {
  private nextId = 1;
  private rejectedCount = 0;
  private committedCount = 0;
  private replicatedCount = 0;
  private appliedCount = 0;
  private lostAckedCount = 0;
  private readonly causes = new Map<string, number>();
  private readonly fetchedIds = new RangeSet();
  private readonly lostIds = new RangeSet();

  /** A new write id (ids are dense, so lost ids form few ranges). */
  issue(): number {
    return this.nextId++;
  }

  reject(cause: string): void {
    this.rejectedCount++;
    this.causes.set(cause, (this.causes.get(cause) ?? 0) + 1);
  }

  commit(): void {
    this.committedCount++;
  }

  /** A replica received the event; counted once per write. */
  fetch(id: number): void {
    if (this.fetchedIds.has(id) || this.lostIds.has(id)) return;
    this.fetchedIds.add(id);
    this.replicatedCount++;
  }

  apply(): void {
    this.appliedCount++;
  }

  /** The write can never reach the current master: lost at failover (or errant after split brain). */
  lose(id: number, acked: boolean): boolean {
    if (this.lostIds.has(id)) return false;
    if (this.fetchedIds.has(id)) this.replicatedCount--;
    this.lostIds.add(id);
    if (acked) this.lostAckedCount++;
    return true;
  }

  /** A write counted lost reaches the surviving master after all (the old master won the split brain). */
  unlose(id: number, acked: boolean): void {
    if (!this.lostIds.delete(id)) return;
    if (acked) this.lostAckedCount--;
    if (this.fetchedIds.has(id)) this.replicatedCount++;
  }

  lostRanges(): IdRange[] {
    return this.lostIds.toArray();
  }

  counts(): WriteCounts {
    const lost = this.lostIds.size;
    return {
      attempted: this.nextId - 1 + this.rejectedCount,
      rejected: this.rejectedCount,
      committed: this.committedCount,
      replicated: this.replicatedCount,
      notYetFetched: this.committedCount - this.replicatedCount - lost,
      lost,
      applied: this.appliedCount,
      lostAcknowledged: this.lostAckedCount,
      rejectedByCause: Object.fromEntries([...this.causes.entries()].sort(([a], [b]) => a.localeCompare(b))),
    };
  }
}
