// A FIFO of requests waiting for a server slot, with HAProxy's `timeout queue` counted from when each
// request was first queued: one timer per queue (for its oldest request) instead of one per request,
// and removal by marking, so an overloaded backend with thousands queued stays O(1) per request.

import type { Engine, Timer } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";

export interface Queued {
  /** When the request was first queued (moving between queues keeps it). */
  queuedUs: Micros;
  /** The queue that holds it now, if any (compared by identity). */
  queue: object | undefined;
}

export class WaitQueue<T extends Queued> {
  private items: T[] = [];
  private head = 0;
  private liveCount = 0;
  private timer: Timer | undefined;
  private timerDueUs = -1;

  constructor(
    private readonly engine: Engine,
    private readonly timeoutUs: Micros,
    /** A request waited `timeoutUs` since it was first queued: it leaves the queue and is answered. */
    private readonly onTimeout: (item: T) => void,
  ) {}

  get length(): number {
    return this.liveCount;
  }

  push(item: T): void {
    this.items.push(item);
    item.queue = this;
    this.liveCount++;
    this.arm();
  }

  /** The oldest request still waiting here. */
  peek(): T | undefined {
    while (this.head < this.items.length && this.items[this.head]!.queue !== this) this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return this.items[this.head];
  }

  shift(): T | undefined {
    const item = this.peek();
    if (item === undefined) return undefined;
    this.head++;
    this.take(item);
    this.arm();
    return item;
  }

  /** Every request waiting here, oldest first, leaving the queue empty. */
  drainAll(): T[] {
    const out: T[] = [];
    for (let item = this.shift(); item !== undefined; item = this.shift()) out.push(item);
    return out;
  }

  /** Puts requests back in order of first queueing (they came from another queue). */
  merge(items: readonly T[]): void {
    if (!items.length) return;
    const all = [...this.drainAll(), ...items].sort((a, b) => a.queuedUs - b.queuedUs);
    for (const item of all) this.push(item);
  }

  private take(item: T): void {
    item.queue = undefined;
    this.liveCount--;
  }

  // One timer, for the oldest request: FIFO order is first-queued order, so it expires first.
  private arm(): void {
    const first = this.peek();
    if (first === undefined) {
      this.timer?.cancel();
      this.timer = undefined;
      this.timerDueUs = -1;
      return;
    }
    const dueUs = first.queuedUs + this.timeoutUs;
    if (this.timer !== undefined && this.timerDueUs === dueUs) return;
    this.timer?.cancel();
    this.timerDueUs = dueUs;
    this.timer = this.engine.at(dueUs, () => this.expire());
  }

  private expire(): void {
    this.timer = undefined;
    this.timerDueUs = -1;
    const now = this.engine.now;
    for (let first = this.peek(); first !== undefined && first.queuedUs + this.timeoutUs <= now; first = this.peek()) {
      this.head++;
      this.take(first);
      this.onTimeout(first);
    }
    this.arm();
  }
}
