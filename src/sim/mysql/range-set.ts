// A set of integer ids kept as merged closed ranges: memory follows the number of gaps, not of ids.

export type IdRange = readonly [first: number, last: number];

export class RangeSet {
  private readonly ranges: [number, number][] = [];
  private total = 0;

  get size(): number {
    return this.total;
  }

  /** The ranges, ascending and merged. */
  toArray(): IdRange[] {
    return this.ranges.map(([a, b]) => [a, b] as const);
  }

  has(id: number): boolean {
    return this.ranges.some(([a, b]) => id >= a && id <= b);
  }

  /** Adds one id; ids mostly arrive ascending, so the common case extends the last range. */
  add(id: number): void {
    const last = this.ranges[this.ranges.length - 1];
    if (last && id === last[1] + 1) {
      last[1] = id;
      this.total++;
      return;
    }
    if (this.has(id)) return;
    this.ranges.push([id, id]);
    this.ranges.sort((x, y) => x[0] - y[0]);
    this.total++;
    this.merge();
  }

  /** Removes one id (splitting its range); false when it was not there. */
  delete(id: number): boolean {
    const i = this.ranges.findIndex(([a, b]) => id >= a && id <= b);
    const r = this.ranges[i];
    if (!r) return false;
    const [a, b] = r;
    const parts: [number, number][] = [];
    if (a < id) parts.push([a, id - 1]);
    if (id < b) parts.push([id + 1, b]);
    this.ranges.splice(i, 1, ...parts);
    this.total--;
    return true;
  }

  private merge(): void {
    for (let i = this.ranges.length - 1; i > 0; i--) {
      const prev = this.ranges[i - 1];
      const cur = this.ranges[i];
      if (prev && cur && prev[1] + 1 >= cur[0]) {
        prev[1] = Math.max(prev[1], cur[1]);
        this.ranges.splice(i, 1);
      }
    }
  }
}
