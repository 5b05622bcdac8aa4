// The console's event log: a fixed-size ring of the newest events, so memory does not grow with the
// lab's running time; the log panel reads the newest entries that pass the filter.

import { matchesFilter, type EventEntry, type EventFilter } from "./present/events.js";

export const EVENT_LOG_CAPACITY = 2000;

export class EventLog {
  private readonly entries: (EventEntry | undefined)[];
  private next = 0;
  private count = 0;

  constructor(private readonly capacity = EVENT_LOG_CAPACITY) {
    this.entries = new Array<EventEntry | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  push(entry: EventEntry): void {
    this.entries[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** The newest `limit` entries that pass `filter`, oldest first. */
  newest(filter: EventFilter, limit: number): EventEntry[] {
    const out: EventEntry[] = [];
    for (let i = 1; i <= this.count && out.length < limit; i++) {
      const e = this.entries[(this.next - i + this.capacity) % this.capacity];
      if (e && matchesFilter(e, filter)) out.push(e);
    }
    return out.reverse();
  }
}
