// A fixed-size ring of the most recent items: memory stays the same however long the lab runs.

export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private next = 0;
  private count = 0;
  private total = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a whole number >= 1, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  push(item: T): void {
    this.items[this.next] = item;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
    this.total++;
  }

  /** The last `n` items, oldest first. */
  last(n: number): T[] {
    const k = Math.max(0, Math.min(n, this.count));
    const out: T[] = [];
    for (let i = k; i > 0; i--) out.push(this.items[(this.next - i + this.capacity) % this.capacity] as T);
    return out;
  }

  /** Items pushed but no longer kept. */
  get dropped(): number {
    return this.total - this.count;
  }

  get size(): number {
    return this.count;
  }
}
