// One mysqld: process state, read_only / super_read_only by the release's rules, binlog and GTIDs.

import type { Engine } from "../engine/engine.js";
import { Binlog } from "./binlog.js";
import { GtidSet } from "./gtid-set.js";
import type { ReplicaChannel } from "./replica-channel.js";
import type { MysqlRelease, ServerState } from "./types.js";

export const READ_ONLY_CAUSE = "database read-only";
export const REFUSED_CAUSE = "connection refused";
/** A hung mysqld accepts the connection and never answers: the client gives up. */
export const TIMEOUT_CAUSE = "timeout";

export class MysqlServer {
  state: ServerState = "running";
  readOnly: boolean;
  /** MySQL 8 only; always false on 5.1 (8.1), where the variable does not exist. */
  superReadOnly: boolean;
  readonly binlog: Binlog;
  readonly gtidExecuted = new GtidSet();
  /** The replication channel when this server is (or was, on 5.1 after RESET SLAVE) a replica. */
  channel: ReplicaChannel | undefined;
  /** Set when another server was promoted away from this one: its later writes can never reach it. */
  orphanedBy: string | undefined;
  /** SET PERSIST_ONLY read_only/super_read_only = ON (mysqld-auto.cnf, MySQL 8): every start comes up fenced. */
  persistedReadOnly = false;
  private gno = 0;

  constructor(
    private readonly engine: Engine,
    readonly host: string,
    readonly serverId: number,
    readonly release: MysqlRelease,
    /** read_only from my.cnf: what a (re)started mysqld comes up with. */
    readonly configReadOnly: boolean,
    eventBytes: number,
  ) {
    this.readOnly = configReadOnly;
    this.superReadOnly = configReadOnly && release === "14.2";
    this.binlog = new Binlog("mysql-bin", eventBytes);
  }

  get running(): boolean {
    return this.state === "running";
  }

  /** Writable for application (non-SUPER) users. */
  get writable(): boolean {
    return this.running && !this.readOnly && !this.superReadOnly;
  }

  /** Why a write by this user is refused, or undefined when it is accepted. */
  refusal(superUser: boolean): string | undefined {
    if (this.state === "hung") return TIMEOUT_CAUSE;
    if (!this.running) return REFUSED_CAUSE;
    if (this.superReadOnly) return READ_ONLY_CAUSE;
    // read_only does not bind SUPER users (on 5.1 nothing does).
    if (this.readOnly && !superUser) return READ_ONLY_CAUSE;
    return undefined;
  }

  /** The next GTID number of a transaction originating here. */
  nextGno(): number {
    return ++this.gno;
  }

  /** SET GLOBAL read_only: on MySQL 8, turning it OFF also turns super_read_only OFF. */
  setReadOnly(on: boolean, reason: string): void {
    const superTo = on ? this.superReadOnly : false;
    this.changeReadOnly(on, superTo, reason);
  }

  /** SET GLOBAL super_read_only: ON implies read_only ON. Fails on 5.1 (unknown system variable). */
  setSuperReadOnly(on: boolean, reason: string): void {
    if (this.release === "8.1") throw new Error("Unknown system variable 'super_read_only'");
    this.changeReadOnly(on ? true : this.readOnly, on, reason);
  }

  setState(to: ServerState, reason: string): void {
    if (to === this.state) return;
    const from = this.state;
    this.state = to;
    this.engine.emit({ type: "mysql.state", host: this.host, from, to, reason });
    if (to === "running") {
      // A restarted mysqld reads my.cnf (then mysqld-auto.cnf, which wins) and starts a new binlog file.
      this.binlog.rotate();
      const fenced = this.configReadOnly || this.persistedReadOnly;
      this.changeReadOnly(fenced, fenced && this.release === "14.2", this.persistedReadOnly ? "mysqld-auto.cnf at startup" : "my.cnf at startup");
    }
  }

  private changeReadOnly(readOnly: boolean, superReadOnly: boolean, reason: string): void {
    if (readOnly === this.readOnly && superReadOnly === this.superReadOnly) return;
    this.readOnly = readOnly;
    this.superReadOnly = superReadOnly;
    this.engine.emit({ type: "mysql.readonly", host: this.host, readOnly, superReadOnly, reason });
  }
}
