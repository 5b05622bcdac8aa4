// pfsync(4) between the two hosts of a sync link (pfsync_syncdev/pfsync_syncpeer of the generated
// rc.conf). New states go to the peer: at once with `defer` (14.x, pfsync_ifconfig="defer"), else
// batched and sent within 1 s. At start pfsync requests a bulk update from the peer and demotes CARP
// (14.x: net.pfsync.carp_demotion_factor; 8.x: suppress_preempt) until the peer answers over the sync
// link; without an answer it retries every 5 s and gives up after 12 tries (pfsync_bulk_fail), then
// undemotes as if the transfer had worked. With the link down, nothing is synced.

import type { Engine } from "../engine/engine.js";
import { seconds, type Micros } from "../engine/time.js";
import type { HostCarp } from "../carp/carp-env.js";
import { Deadline } from "./deadline.js";
import type { FrameBus, FrameHost } from "./frame-bus.js";
import type { PfStateEntry, PfStateTable } from "./pf-states.js";

export const PFSYNC_UPDATE_DELAY_US: Micros = seconds(1);
export const PFSYNC_BULK_RETRY_US: Micros = seconds(5);
export const PFSYNC_MAX_BULK_TRIES = 12;

export interface PfsyncLink {
  readonly iface: string;
  readonly network: string;
  readonly address: string;
  readonly peer: string;
  readonly peerAddress: string;
  readonly defer: boolean;
}

export interface PfsyncSelf extends FrameHost {
  readonly states: PfStateTable;
  readonly carp: HostCarp;
  /** pf lets a pfsync frame in on the sync interface (emits pf.block when it does not). */
  acceptsFrame(proto: string, iface: string, src: string, dst: string): boolean;
}

export class Pfsync {
  running = false;
  private bulkOk = true;
  private tries = 0;
  private pending: PfStateEntry[] = [];
  private readonly flushTimer: Deadline;
  private readonly bulkFail: Deadline;

  constructor(
    private readonly engine: Engine,
    private readonly bus: FrameBus,
    readonly self: PfsyncSelf,
    readonly link: PfsyncLink,
    private readonly peerOf: (host: string) => Pfsync | undefined,
  ) {
    this.flushTimer = new Deadline(engine, () => this.flush());
    this.bulkFail = new Deadline(engine, () => this.onBulkFail());
  }

  /** rc.d/pfsync: up on the sync device, then a bulk update request. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.bulkOk = false;
    this.tries = 0;
    this.engine.emit({ type: "pfsync.bulk", host: this.self.hostName, phase: "start", peer: this.link.peer });
    this.self.carp.pfsyncBulk(true, "pfsync bulk start");
    this.requestBulk();
    this.bulkFail.after(PFSYNC_BULK_RETRY_US);
  }

  /** Down (service stop, or power off with cancel false: the demotion dies with the kernel). */
  stop(cancel: boolean): void {
    if (cancel && this.running && !this.bulkOk) {
      this.self.carp.pfsyncBulk(false, "pfsync bulk cancelled");
      this.engine.emit({ type: "pfsync.bulk", host: this.self.hostName, phase: "done", peer: this.link.peer, reason: "pfsync bulk cancelled" });
    }
    this.running = false;
    this.pending = [];
    this.flushTimer.clear();
    this.bulkFail.clear();
    this.bulkOk = true;
    this.tries = 0;
  }

  stateCreated(entry: PfStateEntry): void {
    if (!this.running || entry.noSync) return;
    if (this.link.defer) {
      this.sendStates([entry], false);
      return;
    }
    this.pending.push(entry);
    if (!this.flushTimer.armed) this.flushTimer.after(PFSYNC_UPDATE_DELAY_US);
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    if (batch.length) this.sendStates(batch, false);
  }

  private sendStates(entries: readonly PfStateEntry[], bulkEnd: boolean): void {
    const peer = this.peerOf(this.link.peer);
    if (!peer) return;
    this.bus.send(this.link.network, this.self, this.link.iface, peer.self, peer.link.iface, () => peer.receive(entries, this, bulkEnd));
  }

  private requestBulk(): void {
    const peer = this.peerOf(this.link.peer);
    if (!peer) return;
    this.bus.send(this.link.network, this.self, this.link.iface, peer.self, peer.link.iface, () => peer.answerBulk(this));
  }

  /** On the peer: a bulk update request arrived; send every state, then the end marker. */
  private answerBulk(requester: Pfsync): void {
    if (!this.running || !this.accepts(requester)) return;
    this.sendStates(this.self.states.list(), true);
  }

  private receive(entries: readonly PfStateEntry[], from: Pfsync, bulkEnd: boolean): void {
    if (!this.running || !this.accepts(from)) return;
    let added = 0;
    for (const e of entries) if (this.self.states.add(e)) added++;
    if (entries.length) this.engine.emit({ type: "pfsync.update", host: this.self.hostName, peer: from.self.hostName, states: entries.length, added });
    if (bulkEnd) this.bulkDone("pfsync bulk done");
  }

  private accepts(from: Pfsync): boolean {
    return this.self.acceptsFrame("pfsync", this.link.iface, from.link.address, this.link.address);
  }

  private onBulkFail(): void {
    if (this.tries++ < PFSYNC_MAX_BULK_TRIES) {
      this.bulkFail.after(PFSYNC_BULK_RETRY_US);
      this.requestBulk();
      return;
    }
    this.bulkDone("pfsync bulk fail");
  }

  private bulkDone(reason: string): void {
    this.bulkFail.clear();
    this.tries = 0;
    if (this.bulkOk) return;
    this.bulkOk = true;
    this.self.carp.pfsyncBulk(false, reason);
    this.engine.emit({ type: "pfsync.bulk", host: this.self.hostName, phase: "done", peer: this.link.peer, reason });
  }
}
