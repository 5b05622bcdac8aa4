// Semi-synchronous replication on a source, AFTER_SYNC: a commit is in the binlog (synced) and waits
// for a replica's ACK of receiving it before the client gets OK. With no ACK within
// rpl_semi_sync_source_timeout the source reverts to async (Rpl_semi_sync_source_status OFF) and
// turns back ON when a replica has caught up with its binlog.

import type { Engine, Timer } from "../engine/engine.js";
import { US_PER_MS } from "../engine/time.js";
import type { BinlogEvent } from "./types.js";

interface Waiter {
  readonly event: BinlogEvent;
  readonly release: (acked: boolean) => void;
}

export class SemiSyncSource {
  /** Rpl_semi_sync_source_status. */
  status = true;
  private readonly waiters: Waiter[] = [];
  private timer: Timer | undefined;
  /** Rpl_semi_sync_source_no_tx: commits that got OK without an ACK. */
  noTx = 0;
  yesTx = 0;

  constructor(
    private readonly engine: Engine,
    private readonly host: string,
    private readonly timeoutMs: number,
  ) {}

  /** Does a commit wait now? */
  get waiting(): boolean {
    return this.status;
  }

  /** Holds the commit of `event` until ACK or timeout; `release(acked)` tells the client. */
  wait(event: BinlogEvent, release: (acked: boolean) => void): void {
    this.waiters.push({ event, release });
    // The timeout counts from the oldest waiting commit.
    if (!this.timer) this.timer = this.engine.after(this.timeoutMs * US_PER_MS, () => this.timeOut());
  }

  /** A replica's ACK for the event `seq` of this source's binlog. */
  ack(seq: number, lastSeq: number): void {
    while (this.waiters.length > 0 && (this.waiters[0]?.event.seq ?? Infinity) <= seq) {
      const w = this.waiters.shift();
      if (!w) break;
      this.yesTx++;
      w.release(true);
    }
    this.rearm();
    if (!this.status && seq >= lastSeq) this.setStatus(true, "replica caught up");
  }

  /** mysqld died: the waiting clients lose their connections (the commits are in the binlog). */
  abort(): (Waiter["release"])[] {
    this.timer?.cancel();
    this.timer = undefined;
    const released = this.waiters.splice(0).map((w) => w.release);
    return released;
  }

  /** A restarted source starts with semi-sync ON again. */
  restart(): void {
    this.abort();
    this.status = true;
  }

  private timeOut(): void {
    this.timer = undefined;
    this.setStatus(false, `no ACK within ${this.timeoutMs} ms`);
    for (const w of this.waiters.splice(0)) {
      this.noTx++;
      w.release(false);
    }
  }

  private rearm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    const oldest = this.waiters[0];
    if (oldest) {
      const deadline = oldest.event.tsUs + this.timeoutMs * US_PER_MS;
      this.timer = this.engine.at(deadline, () => this.timeOut());
    }
  }

  private setStatus(on: boolean, reason: string): void {
    if (on === this.status) return;
    this.status = on;
    this.engine.emit({ type: "mysql.semisync", host: this.host, status: on ? "ON" : "OFF", reason });
  }
}
