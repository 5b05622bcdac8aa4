// The event queue: a binary heap ordered by (time, sequence number), so events at the same instant run
// in the order they were scheduled. Cancelled entries are skipped when they reach the top. The heap
// moves a hole instead of swapping and compares times and sequence numbers kept in typed arrays; an
// entry is its own cancel handle (one object per event).

import type { Micros } from "./time.js";

/** One pending event; the engine hands it out as the event's Timer. */
export class Scheduled {
  cancelled = false;

  constructor(readonly time: Micros, readonly seq: number, readonly run: () => void) {}

  cancel(): void {
    this.cancelled = true;
  }
}

export class EventQueue {
  private items: Scheduled[] = [];
  /** Each entry's time and sequence number, index for index with items: the heap compares these. */
  private times = new Float64Array(1024);
  private seqs = new Float64Array(1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(item: Scheduled): void {
    if (this.count === this.times.length) this.grow();
    const items = this.items;
    const times = this.times;
    const seqs = this.seqs;
    const time = item.time;
    const seq = item.seq;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent]!;
      if (pt < time || (pt === time && seqs[parent]! < seq)) break;
      items[i] = items[parent]!;
      times[i] = pt;
      seqs[i] = seqs[parent]!;
      i = parent;
    }
    items[i] = item;
    times[i] = time;
    seqs[i] = seq;
  }

  /** The earliest live entry without removing it (drops cancelled ones on the way). */
  peek(): Scheduled | undefined {
    while (this.count !== 0 && this.items[0]!.cancelled) this.pop();
    return this.count === 0 ? undefined : this.items[0];
  }

  pop(): Scheduled | undefined {
    if (this.count === 0) return undefined;
    const items = this.items;
    const times = this.times;
    const seqs = this.seqs;
    const top = items[0]!;
    const n = --this.count;
    const last = items.pop()!;
    if (n === 0) return top;
    const time = times[n]!;
    const seq = seqs[n]!;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let m = l;
      let mt = times[l]!;
      const r = l + 1;
      if (r < n) {
        const rt = times[r]!;
        if (rt < mt || (rt === mt && seqs[r]! < seqs[l]!)) {
          m = r;
          mt = rt;
        }
      }
      if (time < mt || (time === mt && seq < seqs[m]!)) break;
      items[i] = items[m]!;
      times[i] = mt;
      seqs[i] = seqs[m]!;
      i = m;
    }
    items[i] = last;
    times[i] = time;
    seqs[i] = seq;
    return top;
  }

  private grow(): void {
    const times = new Float64Array(this.times.length * 2);
    times.set(this.times);
    this.times = times;
    const seqs = new Float64Array(this.seqs.length * 2);
    seqs.set(this.seqs);
    this.seqs = seqs;
  }
}
