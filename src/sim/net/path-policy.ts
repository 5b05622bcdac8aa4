// Which host may send frames to which: partitions between host groups (hosts in no group keep talking
// to everyone) and one-way cuts. Checked per frame, so lookups are map reads.

export class PathPolicy {
  private groupOf = new Map<string, number>();
  private readonly cuts = new Map<string, Set<string>>();
  private cutCount = 0;

  partition(groups: readonly (readonly string[])[]): void {
    this.groupOf = new Map();
    groups.forEach((hosts, i) => {
      for (const h of hosts) this.groupOf.set(h, i);
    });
  }

  healPartition(): void {
    this.groupOf = new Map();
  }

  setCut(from: string, to: string, cut: boolean): void {
    const set = this.cuts.get(from) ?? new Set<string>();
    const had = set.has(to);
    if (cut && !had) {
      set.add(to);
      this.cutCount++;
    } else if (!cut && had) {
      set.delete(to);
      this.cutCount--;
    }
    if (set.size) this.cuts.set(from, set);
    else this.cuts.delete(from);
  }

  /** Why a frame from `from` to `to` is dropped, or undefined when it may pass. */
  blocked(from: string, to: string): string | undefined {
    if (this.groupOf.size) {
      const a = this.groupOf.get(from);
      const b = this.groupOf.get(to);
      if (a !== undefined && b !== undefined && a !== b) return `${from} and ${to} are partitioned`;
    }
    if (this.cutCount && this.cuts.get(from)?.has(to)) return `one-way cut from ${from} to ${to}`;
    return undefined;
  }
}
