// Counters by label (failures by cause): memory grows with the number of labels, never with counts.

/** The failure causes the request chain reports; other labels are allowed too. */
export const FAILURE_CAUSES = [
  "no VIP owner",
  "connection refused",
  "timeout",
  "503 from HAProxy",
  "database read-only",
] as const;

export type KnownFailureCause = (typeof FAILURE_CAUSES)[number];

export class LabelCounters {
  private readonly counts = new Map<string, number>();
  private sum = 0;

  add(label: string, n = 1): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + n);
    this.sum += n;
  }

  get(label: string): number {
    return this.counts.get(label) ?? 0;
  }

  get total(): number {
    return this.sum;
  }

  /** [label, count] sorted by label, so output is byte-stable. */
  entries(): Array<[string, number]> {
    return [...this.counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  toJSON(): Record<string, number> {
    return Object.fromEntries(this.entries());
  }

  merge(other: LabelCounters): void {
    for (const [label, n] of other.counts) this.add(label, n);
  }
}
