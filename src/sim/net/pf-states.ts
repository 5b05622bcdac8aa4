// pf's state table on a host: one entry per connection that pf passed with keep state. Entries
// created here are sent to the pfsync peer (unless the rule says no-sync); entries received from the
// peer are kept too, so after a failover the new master knows the connections (or does not).

import type { Micros } from "../engine/time.js";

export interface PfStateEntry {
  /** "tcp 10.0.20.21:49152 -> 10.0.20.30:3306": same text on both peers. */
  readonly key: string;
  readonly proto: string;
  readonly src: string;
  readonly srcPort: number;
  readonly dst: string;
  readonly dstPort: number;
  /** The host whose pf created it. */
  readonly creator: string;
  readonly createdUs: Micros;
  readonly noSync: boolean;
}

export function stateKey(proto: string, src: string, srcPort: number, dst: string, dstPort: number): string {
  return `${proto} ${src}:${srcPort} -> ${dst}:${dstPort}`;
}

export class PfStateTable {
  private readonly entries = new Map<string, PfStateEntry>();

  get size(): number {
    return this.entries.size;
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  add(entry: PfStateEntry): boolean {
    if (this.entries.has(entry.key)) return false;
    this.entries.set(entry.key, entry);
    return true;
  }

  list(): PfStateEntry[] {
    return [...this.entries.values()];
  }

  clear(): void {
    this.entries.clear();
  }
}
