// A replica's channel: the IO (receiver) thread fetching the source's binlog over the network into
// the relay log, and the SQL (applier) thread applying it at a rate. Connection loss is seen at once
// when the source's mysqld dies (the kernel closes the socket), after replica_net_timeout when the
// source is unreachable; reconnects retry every SOURCE_CONNECT_RETRY seconds.

import type { Engine, Timer } from "../engine/engine.js";
import { seconds, US_PER_S, type Micros } from "../engine/time.js";
import type { MysqlServer } from "./server.js";
import type { BinlogEvent, BinlogPosition, IoState, MysqlOptions, SqlState } from "./types.js";

/** What a channel needs from the cluster around it. */
export interface ChannelEnv {
  readonly engine: Engine;
  readonly options: MysqlOptions;
  server(host: string): MysqlServer;
  /** One-way latency from host to host now. */
  transitUs(from: string, to: string): Micros;
  /** The replica received (fetched) an event into its relay log. */
  onReceived(channel: ReplicaChannel, event: BinlogEvent): void;
  /** The SQL thread applied an event. */
  onApplied(channel: ReplicaChannel, event: BinlogEvent): void;
}

const EMPTY_POSITION: BinlogPosition = { file: "", pos: 4 };

export class ReplicaChannel {
  io: IoState = "No";
  sql: SqlState = "No";
  lastIoError = "";
  lastSqlError = "";
  /** Source binlog seq and coordinates of the last event fetched / applied. */
  readSeq = 0;
  readPos: BinlogPosition = EMPTY_POSITION;
  execSeq = 0;
  execPos: BinlogPosition = EMPTY_POSITION;
  /** Relay log: fetched, not yet applied. */
  private relay: BinlogEvent[] = [];
  private relayHead = 0;
  private applying: { event: BinlogEvent; timer: Timer } | undefined;
  /** Each connection gets a generation; events of an older one are dropped on arrival. */
  private generation = 0;
  private lastArrivalUs: Micros = 0;
  private lastHeardUs: Micros = 0;
  private retryTimer: Timer | undefined;
  private heartbeatTimer: Timer | undefined;
  private retries = 0;
  /** A packet could not get through: TCP holds the stream until the path works again. */
  private stalled = false;

  constructor(
    private readonly env: ChannelEnv,
    readonly replica: MysqlServer,
    public source: string,
    public autoPosition: boolean,
  ) {}

  get relayLength(): number {
    return this.relay.length - this.relayHead;
  }

  /** The timestamp of the event the SQL thread is applying (last_master_timestamp). */
  get applyingTsUs(): Micros | undefined {
    return this.applying?.event.tsUs;
  }

  /** Starts from the source's current position (a replica cloned from the source). */
  startAt(seq: number, pos: BinlogPosition): void {
    this.readSeq = seq;
    this.execSeq = seq;
    this.readPos = pos;
    this.execPos = pos;
  }

  /** START REPLICA [IO_THREAD | SQL_THREAD]. */
  start(thread: "io" | "sql" | "both" = "both"): void {
    if (!this.replica.running) return;
    if (thread !== "sql" && this.io === "No") {
      this.setThreads("Connecting", this.sql, "START REPLICA");
      this.retries = 0;
      this.connect();
    }
    if (thread !== "io" && this.sql === "No") {
      this.lastSqlError = "";
      this.setThreads(this.io, "Yes", "START REPLICA");
      this.kick();
    }
  }

  /** STOP REPLICA [IO_THREAD | SQL_THREAD]: an event being applied is rolled back and stays queued. */
  stop(thread: "io" | "sql" | "both" = "both", reason = "STOP REPLICA"): void {
    let io = this.io;
    let sql = this.sql;
    if (thread !== "sql") {
      this.dropConnection();
      io = "No";
    }
    if (thread !== "io") {
      this.applying?.timer.cancel();
      this.applying = undefined;
      sql = "No";
    }
    this.setThreads(io, sql, reason);
  }

  /** RESET REPLICA: forget the relay log and positions (threads must be stopped). */
  reset(): void {
    this.relay = [];
    this.relayHead = 0;
    this.startAt(0, EMPTY_POSITION);
    this.lastIoError = "";
    this.lastSqlError = "";
  }

  /** The replica's mysqld died or stopped: threads die with it, the relay log tail is re-fetched. */
  die(): void {
    this.stop("both", "mysqld stopped");
    // relay_log_recovery=ON: unapplied relay events are discarded and fetched again from execSeq.
    this.relay = [];
    this.relayHead = 0;
    this.readSeq = this.execSeq;
    this.readPos = this.execPos;
  }

  /** The source's mysqld went away: a reachable source's kernel resets the socket at once. */
  sourceClosed(): void {
    if (this.io !== "Yes") return;
    const { engine, options } = this.env;
    if (!options.reachable(this.source, this.replica.host)) return; // only the heartbeat will tell
    const gen = this.generation;
    engine.after(this.env.transitUs(this.source, this.replica.host), () => {
      if (gen === this.generation && this.io === "Yes") this.lose("Lost connection to MySQL server during query (2013)");
    });
  }

  /** The source's dump thread sends a new event to a connected replica. */
  push(event: BinlogEvent): void {
    if (this.io !== "Yes") return;
    const { engine, options } = this.env;
    if (this.stalled || !options.reachable(this.source, this.replica.host)) {
      this.stalled = true;
      return;
    }
    const gen = this.generation;
    const arrival = Math.max(this.lastArrivalUs, engine.now + this.env.transitUs(this.source, this.replica.host));
    this.lastArrivalUs = arrival;
    engine.at(arrival, () => this.receive(event, gen));
  }

  private receive(event: BinlogEvent, gen: number): void {
    if (gen !== this.generation || this.io !== "Yes" || this.stalled) return;
    if (!this.env.options.reachable(this.source, this.replica.host)) {
      this.stalled = true;
      return;
    }
    if (event.seq <= this.readSeq) return;
    this.lastHeardUs = this.env.engine.now;
    this.readSeq = event.seq;
    this.readPos = { file: event.file, pos: event.endPos };
    this.relay.push(event);
    this.env.onReceived(this, event);
    this.kick();
  }

  private connect(): void {
    const { engine, options } = this.env;
    this.retryTimer = undefined;
    const source = this.env.server(this.source);
    const ok = source.running && options.reachable(this.replica.host, this.source) && options.reachable(this.source, this.replica.host);
    if (!ok) {
      this.retries++;
      this.lastIoError = `error connecting to source 'repl@${this.source}:3306' - retry-time: ${options.connectRetryS} retries: ${this.retries}`;
      this.retryTimer = engine.after(seconds(options.connectRetryS), () => this.connect());
      return;
    }
    const gen = ++this.generation;
    // TCP and the replication handshake: one round trip.
    const rttUs = this.env.transitUs(this.replica.host, this.source) + this.env.transitUs(this.source, this.replica.host);
    this.retryTimer = engine.after(rttUs, () => {
      if (gen !== this.generation || this.io !== "Connecting") return;
      this.retryTimer = undefined;
      this.lastIoError = "";
      this.lastHeardUs = engine.now;
      this.lastArrivalUs = engine.now;
      this.setThreads("Yes", this.sql, "connected to source");
      this.scheduleHeartbeat();
      for (const e of this.backlog()) this.push(e);
    });
  }

  /** What the dump thread sends first: by GTID (auto-position) or from the file/position. */
  private backlog(): BinlogEvent[] {
    const events = this.env.server(this.source).binlog.after(this.readSeq);
    if (!this.autoPosition) return events;
    const have = this.replica.gtidExecuted;
    const queued = new Set(this.relay.slice(this.relayHead).map((e) => `${e.origin}:${e.gno}`));
    return events.filter((e) => !have.has(e.origin, e.gno) && !queued.has(`${e.origin}:${e.gno}`));
  }

  // Why: heartbeats (replica_net_timeout / 2 on MySQL 8) are not simulated one by one; a check per
  // period asks whether they would have arrived.
  private scheduleHeartbeat(): void {
    const { engine, options } = this.env;
    const periodUs = seconds(options.release === "14.2" ? options.netTimeoutS / 2 : options.netTimeoutS);
    const gen = this.generation;
    this.heartbeatTimer = engine.after(periodUs, () => {
      if (gen !== this.generation || this.io !== "Yes") return;
      const source = this.env.server(this.source);
      if (source.running && options.reachable(this.source, this.replica.host)) {
        this.lastHeardUs = engine.now;
        if (this.stalled) {
          // TCP retransmits what did not get through.
          this.stalled = false;
          for (const e of this.backlog()) this.push(e);
        }
      }
      if (engine.now - this.lastHeardUs >= seconds(options.netTimeoutS)) {
        this.lose("Lost connection to source: replica_net_timeout expired");
        return;
      }
      this.scheduleHeartbeat();
    });
  }

  /** The connection broke: reconnect at once, then every SOURCE_CONNECT_RETRY seconds. */
  private lose(error: string): void {
    this.dropConnection();
    this.lastIoError = error;
    this.retries = 0;
    this.setThreads("Connecting", this.sql, error);
    this.connect();
  }

  private dropConnection(): void {
    this.generation++;
    this.stalled = false;
    this.retryTimer?.cancel();
    this.retryTimer = undefined;
    this.heartbeatTimer?.cancel();
    this.heartbeatTimer = undefined;
  }

  /** The SQL thread takes the next relay event when idle. */
  private kick(): void {
    if (this.sql !== "Yes" || this.applying || !this.replica.running) return;
    const event = this.relay[this.relayHead];
    if (!event) return;
    const applyUs = Math.max(1, Math.round(US_PER_S / this.env.options.applyRatePerS));
    const timer = this.env.engine.after(applyUs, () => this.finishApply(event));
    this.applying = { event, timer };
  }

  private finishApply(event: BinlogEvent): void {
    this.applying = undefined;
    this.relayHead++;
    if (this.relayHead > 1024 && this.relayHead * 2 > this.relay.length) {
      this.relay = this.relay.slice(this.relayHead);
      this.relayHead = 0;
    }
    this.execSeq = event.seq;
    this.execPos = { file: event.file, pos: event.endPos };
    this.env.onApplied(this, event);
    this.kick();
  }

  private setThreads(io: IoState, sql: SqlState, reason: string): void {
    if (io === this.io && sql === this.sql) return;
    this.io = io;
    this.sql = sql;
    this.env.engine.emit({ type: "mysql.replica", host: this.replica.host, io, sql, source: this.source, reason });
  }
}
