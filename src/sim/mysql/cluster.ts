// The MySQL servers of a pair and their replication: writes, process faults, replica commands,
// the promote/fence hooks and the write ledger. Self-contained: the world passes reachability in.

import type { Engine } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";
import { runFence, runPromote } from "./hooks.js";
import { ReplicaChannel, type ChannelEnv } from "./replica-channel.js";
import { showReplicaStatus, type ReplicaStatus } from "./replica-status.js";
import { SemiSyncSource } from "./semi-sync.js";
import { MysqlServer } from "./server.js";
import type { BinlogEvent, HookResult, MysqlOptions, WriteOutcome } from "./types.js";
import { WritableChecker } from "./writable-checker.js";
import { WriteLedger, type WriteCounts } from "./write-ledger.js";
import type { IdRange } from "./range-set.js";

export interface MysqlServerSpec {
  readonly host: string;
  readonly serverId: number;
  readonly role: "master" | "replica";
}

export type MysqlHook = "mysql-promote" | "mysql-fence";

/** How a peer's mysqld answers the scripts' `peer_sql` (mysql --connect-timeout over the network). */
export type PeerAnswer = "answers" | "refused" | "no-answer";

/** What the promote/fence scripts do on the host beyond MySQL: the peer check and CARP's advskew. */
export interface MysqlHostHooks {
  /** The peer's mysqld as seen from `host` by the scripts' peer_sql. */
  peerAnswer(host: string, peer: string): PeerAnswer;
  /** `ifconfig ... advskew N`: hand the VIP back (HANDBACK_ADVSKEW) or restore the configured advskew. */
  setAdvskew(host: string, to: "handback" | "configured"): void;
}

export class MysqlCluster implements ChannelEnv {
  readonly ledger = new WriteLedger();
  readonly checker = new WritableChecker();
  private readonly servers = new Map<string, MysqlServer>();
  private readonly semi = new Map<string, SemiSyncSource>();
  /** The world around the servers for the hooks; by default the peer answers when running and reachable, and CARP is not touched. */
  hostHooks: MysqlHostHooks = {
    peerAnswer: (host, peer) => {
      const p = this.server(peer);
      if (p.state === "hung" || !this.options.reachable(host, peer)) return "no-answer";
      return p.running ? "answers" : "refused";
    },
    setAdvskew: () => {},
  };

  constructor(readonly engine: Engine, readonly options: MysqlOptions, specs: readonly MysqlServerSpec[]) {
    for (const s of specs) {
      this.servers.set(s.host, new MysqlServer(engine, s.host, s.serverId, options.release, s.role === "replica", options.eventBytes));
      if (this.semiSyncAvailable) this.semi.set(s.host, new SemiSyncSource(engine, s.host, options.semiSyncTimeoutMs));
    }
    const master = specs.find((s) => s.role === "master");
    for (const s of specs) {
      if (s.role !== "replica" || !master) continue;
      const src = this.server(master.host);
      const ch = new ReplicaChannel(this, this.server(s.host), master.host, options.release === "14.2");
      ch.startAt(src.binlog.lastSeq, src.binlog.position);
      this.server(s.host).channel = ch;
      ch.start();
    }
    this.checkWritable();
  }

  /** Semi-sync exists from MySQL 5.5: the 14.2 lab only. */
  get semiSyncAvailable(): boolean {
    return this.options.semiSync && this.options.release === "14.2";
  }

  hosts(): string[] {
    return [...this.servers.keys()].sort();
  }

  server(host: string): MysqlServer {
    const s = this.servers.get(host);
    if (!s) throw new Error(`no mysql server on ${host}`);
    return s;
  }

  /** The write accounting: rejected + replicated + not yet fetched + lost = attempted. */
  writes(): WriteCounts {
    return this.ledger.counts();
  }

  /** Ids of the writes lost at failover (or errant after split brain), as merged ranges. */
  lostRanges(): IdRange[] {
    return this.ledger.lostRanges();
  }

  /** Rpl_semi_sync_source_status of a server ("OFF" when semi-sync is not configured). */
  semiSyncStatus(host: string): "ON" | "OFF" {
    return this.semi.get(host)?.status ? "ON" : "OFF";
  }

  /**
   * A client transaction on `host`. Returns at once for a rejection or an async commit; a semi-sync
   * commit returns "pending" and calls `done` when the ACK (or the timeout) releases it.
   */
  write(host: string, options: { superUser?: boolean } = {}, done?: (outcome: WriteOutcome) => void): WriteOutcome | { status: "pending"; id: number } {
    const server = this.server(host);
    const cause = server.refusal(options.superUser ?? false);
    if (cause !== undefined) {
      this.ledger.reject(cause);
      const out: WriteOutcome = { status: "rejected", cause };
      done?.(out);
      return out;
    }
    const id = this.ledger.issue();
    const event = server.binlog.append({ id, origin: host, gno: server.nextGno(), tsUs: this.engine.now }, true);
    server.gtidExecuted.add(host, event.gno);
    this.ledger.commit();
    this.checker.recordWrite(this.engine.now, host);
    // Counted, not traced per write: the checker reports the split brain, changeSource the errant total.
    if (server.orphanedBy !== undefined) this.loseEvents(host, [event], "");
    for (const ch of this.channelsFrom(host)) ch.push(event);
    const semi = this.semi.get(host);
    if (semi?.waiting) {
      semi.wait(event, (acked) => {
        if (!server.running) done?.({ status: "failed", id, cause: "connection lost" });
        else done?.({ status: "committed", id, acked });
      });
      return { status: "pending", id };
    }
    const out: WriteOutcome = { status: "committed", id, acked: false };
    done?.(out);
    return out;
  }

  /** The other members of the pair. */
  peersOf(host: string): string[] {
    return this.hosts().filter((h) => h !== host);
  }

  /** A replica's IO thread is connected here (SHOW PROCESSLIST shows its Binlog Dump thread). */
  hasConnectedReplica(host: string): boolean {
    return this.channelsFrom(host).some((c) => c.io === "Yes");
  }

  /** One-way latency from host to host now. */
  transitUs(from: string, to: string): Micros {
    return this.options.latencyUs?.(from, to) ?? this.options.eventLatencyUs;
  }

  /** mysqld dies (kill -9, OOM): connections drop, the binlog (sync_binlog=1) survives. */
  crash(host: string, reason = "crashed"): void {
    this.halt(host, "crashed", reason);
  }

  /** service mysql-server stop. */
  stop(host: string, reason = "stopped"): void {
    this.halt(host, "stopped", reason);
  }

  /**
   * mysqld hangs: its socket still accepts, nothing answers. Replication threads stop moving, its
   * replicas hear nothing until replica_net_timeout (no reset from the kernel: the process lives).
   */
  hang(host: string, reason = "hung"): void {
    const server = this.server(host);
    if (server.state === "hung") return;
    if (!server.running) return;
    server.setState("hung", reason);
    server.channel?.die();
    for (const release of this.semi.get(host)?.abort() ?? []) release(false);
    this.checkWritable();
  }

  /** service mysql-server start (or a restart of a hung one): my.cnf's read_only, a new binlog file, replication restarts. */
  start(host: string, reason = "started"): void {
    const server = this.server(host);
    if (server.running) return;
    // A hung mysqld is killed before it starts again: its waiting clients lose their connections.
    if (server.state === "hung") for (const release of this.semi.get(host)?.abort() ?? []) release(false);
    server.setState("running", reason);
    this.semi.get(host)?.restart();
    server.channel?.start();
    this.checkWritable();
  }

  startReplica(host: string, thread: "io" | "sql" | "both" = "both"): void {
    this.server(host).channel?.start(thread);
  }

  stopReplica(host: string, thread: "io" | "sql" | "both" = "both"): void {
    this.server(host).channel?.stop(thread);
  }

  /** SHOW REPLICA STATUS: undefined (empty set) when the server is not a replica. */
  showReplicaStatus(host: string): ReplicaStatus | undefined {
    const ch = this.server(host).channel;
    return ch ? showReplicaStatus(ch, this.engine.now, this.options.release, this.options.connectRetryS) : undefined;
  }

  setReadOnly(host: string, on: boolean, reason: string): void {
    this.server(host).setReadOnly(on, reason);
    this.checkWritable();
  }

  setSuperReadOnly(host: string, on: boolean, reason: string): void {
    this.server(host).setSuperReadOnly(on, reason);
    this.checkWritable();
  }

  /** The world's runHook("mysql-promote" | "mysql-fence") on `host`; `done` gets the exit status. */
  runHook(name: MysqlHook, host: string, done: (result: HookResult) => void = () => {}): void {
    if (name === "mysql-promote") runPromote(this, host, done);
    else runFence(this, host, done);
  }

  /**
   * Re-points a server at another: CHANGE REPLICATION SOURCE ... SOURCE_AUTO_POSITION=1 on 14.2; on 8.1
   * CHANGE MASTER TO the source's current file/position. Its own transactions the source lacks are
   * errant: lost (already, when it was orphaned by a promotion). With auto-position it fetches every
   * transaction of the source it lacks, so writes counted lost when it was promoted over the source
   * (the source kept writing: split brain) survive after all.
   */
  changeSource(host: string, source: string): { errant: number; errantGtids: string } {
    const server = this.server(host);
    const src = this.server(source);
    server.channel?.stop("both", "CHANGE REPLICATION SOURCE");
    const auto = this.options.release === "14.2";
    const ch = new ReplicaChannel(this, server, source, auto);
    if (!auto) ch.startAt(src.binlog.lastSeq, src.binlog.position);
    server.channel = ch;
    const known = src.gtidExecuted.last(host);
    const mine = server.gtidExecuted.last(host);
    const errant = Math.max(0, mine - known);
    this.loseEvents(host, server.binlog.retained().filter((e) => !src.gtidExecuted.has(e.origin, e.gno)), "");
    if (auto) for (const e of src.binlog.retained()) if (!server.gtidExecuted.has(e.origin, e.gno)) this.ledger.unlose(e.id, e.acked);
    server.orphanedBy = undefined;
    src.orphanedBy = undefined;
    if (errant > 0) {
      this.engine.emit({ type: "mysql.errant", host, source, count: errant, gtids: `${host}:${known + 1}-${mine}` });
    }
    ch.start();
    return { errant, errantGtids: errant > 0 ? `${host}:${known + 1}-${mine}` : "" };
  }

  /** Marks events that can never reach the promoted server as lost. */
  loseEvents(host: string, events: readonly BinlogEvent[], reason: string): number {
    let n = 0;
    for (const e of events) if (this.ledger.lose(e.id, e.acked)) n++;
    if (n > 0 && reason !== "") this.engine.emit({ type: "mysql.lost", host, count: n, reason });
    return n;
  }

  /** Rechecks who is writable (for the checker); call after read_only or state changes. */
  checkWritable(): void {
    this.checker.update(this.engine.now, this.hosts().filter((h) => this.server(h).writable));
  }

  onReceived(channel: ReplicaChannel, event: BinlogEvent): void {
    this.ledger.fetch(event.id);
    const semi = this.semi.get(channel.source);
    if (!semi) return;
    // The replica ACKs what it wrote to its relay log; the ACK travels back over the network.
    const { reachable } = this.options;
    const source = this.server(channel.source);
    this.engine.after(this.transitUs(channel.replica.host, channel.source), () => {
      if (!source.running || !reachable(channel.replica.host, channel.source)) return;
      event.acked = true;
      semi.ack(event.seq, source.binlog.lastSeq);
    });
  }

  onApplied(channel: ReplicaChannel, event: BinlogEvent): void {
    const replica = channel.replica;
    replica.gtidExecuted.add(event.origin, event.gno);
    // log_replica_updates: the replica's own binlog advances; nobody fetches from it while it is one.
    replica.binlog.append({ id: event.id, origin: event.origin, gno: event.gno, tsUs: event.tsUs }, false);
    this.ledger.apply();
    this.purge(channel.source);
  }

  /** Channels replicating from `host`. */
  channelsFrom(host: string): ReplicaChannel[] {
    const out: ReplicaChannel[] = [];
    for (const s of this.servers.values()) if (s.channel?.source === host) out.push(s.channel);
    return out;
  }

  // Why: binlog events are kept only until every replica of the source applied them, and kept for
  // good when nobody replicates (they are what a failover would lose).
  private purge(host: string): void {
    const chans = this.channelsFrom(host);
    if (chans.length === 0) return;
    this.server(host).binlog.purgeThrough(Math.min(...chans.map((c) => c.execSeq)));
  }

  /**
   * The promotion's accounting: every transaction committed on another server that `host` has not
   * executed can never reach it (lost at failover, or errant on a split-brain writer); those servers'
   * later writes are orphaned until they follow `host`.
   */
  settlePromotion(host: string): number {
    const server = this.server(host);
    server.orphanedBy = undefined;
    let lost = 0;
    for (const other of this.peersOf(host)) {
      const peer = this.server(other);
      const missing = peer.binlog.retained().filter((e) => !server.gtidExecuted.has(e.origin, e.gno));
      lost += this.loseEvents(other, missing, `${host} promoted`);
      peer.orphanedBy = host;
    }
    return lost;
  }

  private halt(host: string, to: "crashed" | "stopped", reason: string): void {
    const server = this.server(host);
    if (server.state === "hung") {
      // Killing a hung mysqld: its clients' connections drop now.
      server.setState(to, reason);
      for (const ch of this.channelsFrom(host)) ch.sourceClosed();
      this.checkWritable();
      return;
    }
    if (!server.running) return;
    server.setState(to, reason);
    server.channel?.die();
    const semi = this.semi.get(host);
    for (const release of semi?.abort() ?? []) release(false);
    for (const ch of this.channelsFrom(host)) ch.sourceClosed();
    this.checkWritable();
  }
}
