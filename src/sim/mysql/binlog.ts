// A server's binary log: file/position coordinates, rotation and the retained events that replicas
// may still fetch (purged once every replica applied them, so memory stays flat).

import type { Micros } from "../engine/time.js";
import type { BinlogEvent, BinlogPosition } from "./types.js";

/** Bytes before the first event: magic number plus the format description event. */
const HEADER_BYTES = 4;

export class Binlog {
  private fileIndex = 1;
  private pos = HEADER_BYTES;
  private seq = 0;
  private readonly events: BinlogEvent[] = [];

  constructor(private readonly base: string, private readonly eventBytes: number) {}

  get file(): string {
    return `${this.base}.${String(this.fileIndex).padStart(6, "0")}`;
  }

  get position(): BinlogPosition {
    return { file: this.file, pos: this.pos };
  }

  /** Sequence number of the newest event (0 when empty). */
  get lastSeq(): number {
    return this.seq;
  }

  /** A restart (or FLUSH LOGS) starts a new file. */
  rotate(): void {
    this.fileIndex++;
    this.pos = HEADER_BYTES;
  }

  /** Writes an event; `retain` keeps it for replicas to fetch. */
  append(fields: { id: number; origin: string; gno: number; tsUs: Micros }, retain: boolean): BinlogEvent {
    this.pos += this.eventBytes;
    this.seq++;
    const event: BinlogEvent = { ...fields, seq: this.seq, file: this.file, endPos: this.pos, acked: false };
    if (retain) this.events.push(event);
    return event;
  }

  /** Retained events with seq > `afterSeq`, oldest first. */
  after(afterSeq: number): BinlogEvent[] {
    return this.events.filter((e) => e.seq > afterSeq);
  }

  retained(): readonly BinlogEvent[] {
    return this.events;
  }

  /** Drops retained events up to and including `seq` (PURGE BINARY LOGS). */
  purgeThrough(seq: number): void {
    let n = 0;
    while (n < this.events.length && (this.events[n]?.seq ?? Infinity) <= seq) n++;
    if (n > 0) this.events.splice(0, n);
  }
}
