// A GTID set per origin server. Each origin's transactions are applied in order, so the set of one
// origin is the interval 1..n and a number per origin is enough.

export class GtidSet {
  private readonly upTo = new Map<string, number>();

  has(origin: string, gno: number): boolean {
    return gno <= (this.upTo.get(origin) ?? 0);
  }

  add(origin: string, gno: number): void {
    if (gno > (this.upTo.get(origin) ?? 0)) this.upTo.set(origin, gno);
  }

  last(origin: string): number {
    return this.upTo.get(origin) ?? 0;
  }

  /** GTID_SUBSET(this, other): every transaction of this set is in `other`. */
  isSubsetOf(other: GtidSet): boolean {
    for (const [origin, n] of this.upTo) if (n > other.last(origin)) return false;
    return true;
  }

  /** "db01:1-42,db02:1-3", sorted by origin. */
  toString(): string {
    return [...this.upTo.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([o, n]) => `${o}:1-${n}`).join(",");
  }
}
