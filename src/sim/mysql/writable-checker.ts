// Checker: at most one writable MySQL at a time; writes accepted by two writable servers during an
// overlap are split brain. One record per overlap interval, so memory does not grow with writes.

import type { Micros } from "../engine/time.js";

export interface WritableOverlap {
  readonly fromUs: Micros;
  toUs: Micros | null;
  readonly hosts: string[];
  /** Writes accepted per host during the overlap. */
  readonly writes: Record<string, number>;
  firstWriteUs: Micros | null;
  lastWriteUs: Micros | null;
}

export interface SplitBrain {
  readonly fromUs: Micros;
  readonly toUs: Micros | null;
  readonly firstWriteUs: Micros | null;
  readonly lastWriteUs: Micros | null;
  readonly writes: Readonly<Record<string, number>>;
}

export interface WritableVerdict {
  readonly ok: boolean;
  readonly overlaps: readonly WritableOverlap[];
  readonly splitBrain: readonly SplitBrain[];
}

export class WritableChecker {
  private readonly overlaps: WritableOverlap[] = [];
  private open: WritableOverlap | undefined;

  /** Called after any change of who is writable. */
  update(nowUs: Micros, writable: readonly string[]): void {
    if (writable.length > 1) {
      const hosts = [...writable].sort();
      if (this.open && this.open.hosts.join() === hosts.join()) return;
      this.close(nowUs);
      this.open = { fromUs: nowUs, toUs: null, hosts, writes: {}, firstWriteUs: null, lastWriteUs: null };
      this.overlaps.push(this.open);
    } else {
      this.close(nowUs);
    }
  }

  /** A write accepted on `host` (by any user). */
  recordWrite(nowUs: Micros, host: string): void {
    const o = this.open;
    if (!o) return;
    o.writes[host] = (o.writes[host] ?? 0) + 1;
    o.firstWriteUs ??= nowUs;
    o.lastWriteUs = nowUs;
  }

  verdict(): WritableVerdict {
    const splitBrain = this.overlaps
      .filter((o) => Object.keys(o.writes).length > 1)
      .map((o) => ({ fromUs: o.fromUs, toUs: o.toUs, firstWriteUs: o.firstWriteUs, lastWriteUs: o.lastWriteUs, writes: { ...o.writes } }));
    return { ok: this.overlaps.length === 0, overlaps: this.overlaps.map((o) => ({ ...o, hosts: [...o.hosts], writes: { ...o.writes } })), splitBrain };
  }

  private close(nowUs: Micros): void {
    if (this.open) this.open.toUs = nowUs;
    this.open = undefined;
  }
}
