// Shared types of the MySQL replication model: options, positions, binlog events and write outcomes.

import type { Micros } from "../engine/time.js";

/** 14.2 runs MySQL 8 (super_read_only, GTID auto-position, semi-sync); 8.1 runs MySQL 5.1. */
export type MysqlRelease = "14.2" | "8.1";
/** hung: the process lives and its socket accepts connections, but it answers nothing (SIGSTOP, a deadlock). */
export type ServerState = "running" | "stopped" | "crashed" | "hung";
export type IoState = "Yes" | "No" | "Connecting";
export type SqlState = "Yes" | "No";

export interface MysqlOptions {
  readonly release: MysqlRelease;
  /** Can a packet go from host `from` to host `to` now? (the world's network) */
  readonly reachable: (from: string, to: string) => boolean;
  /** One-way network latency of one replication event or ACK. */
  readonly eventLatencyUs: Micros;
  /** The world's one-way latency from host to host now (link delay faults included); eventLatencyUs when absent. */
  readonly latencyUs?: (from: string, to: string) => Micros;
  /** Events the SQL thread applies per second. */
  readonly applyRatePerS: number;
  /** SOURCE_CONNECT_RETRY / MASTER_CONNECT_RETRY, default 60 s. */
  readonly connectRetryS: number;
  /** replica_net_timeout: 60 s on MySQL 8, slave_net_timeout 3600 s on 5.1. */
  readonly netTimeoutS: number;
  /** Semi-sync AFTER_SYNC (MySQL 8 only; 5.1 has no semi-sync). */
  readonly semiSync: boolean;
  readonly semiSyncTimeoutMs: number;
  /** Bytes one transaction adds to the binlog (GTID + table map + rows + XID). */
  readonly eventBytes: number;
}

export function defaultMysqlOptions(release: MysqlRelease, reachable: MysqlOptions["reachable"]): MysqlOptions {
  return {
    release, reachable, eventLatencyUs: 500, applyRatePerS: 2000, connectRetryS: 60,
    netTimeoutS: release === "8.1" ? 3600 : 60, semiSync: false, semiSyncTimeoutMs: 10_000, eventBytes: 512,
  };
}

/** A binlog coordinate as SHOW MASTER/REPLICA STATUS prints it. */
export interface BinlogPosition {
  readonly file: string;
  readonly pos: number;
}

/** One committed transaction in a binlog. `seq` orders the binlog that holds it. */
export interface BinlogEvent {
  readonly seq: number;
  /** The write's id in the ledger. */
  readonly id: number;
  /** GTID: the server that originated the transaction and its number there. */
  readonly origin: string;
  readonly gno: number;
  /** Coordinates after the event in the binlog that holds it. */
  readonly file: string;
  readonly endPos: number;
  /** The source's commit timestamp (the event header's timestamp). */
  readonly tsUs: Micros;
  /** A replica acknowledged receiving it (semi-sync). */
  acked: boolean;
}

export type WriteOutcome =
  | { readonly status: "committed"; readonly id: number; readonly acked: boolean }
  | { readonly status: "rejected"; readonly cause: string }
  | { readonly status: "failed"; readonly id: number; readonly cause: string };

export interface HookResult {
  /** The script's exit status. */
  readonly status: 0 | 1;
  readonly message: string;
}
