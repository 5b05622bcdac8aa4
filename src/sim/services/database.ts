// The MySQL pairs of the lab wired into the simulated world: app hosts query through the pair's VIP,
// replication runs over the world's network, mysqld follows the host and the service faults, and the
// generated ifstated.conf's promote/fence hooks drive the failover. Writes are accounted by the model's
// ledger (client-side failures included); the pair's Seconds_Behind_Source is sampled once a second.

import type { ResolvedMysqlPair } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import { seconds, US_PER_S, type Micros } from "../engine/time.js";
import { createLabMysql, READ_ONLY_CAUSE, REFUSED_CAUSE, TIMEOUT_CAUSE, type MysqlCluster, type MysqlHook, type WriteOutcome } from "../mysql/index.js";
import type { World } from "../world/world.js";
import { pairLagS, pairSummary, pairView, type PromotionRecord } from "./database-report.js";
import { CLIENT_TIMEOUT_US, READ_SERVICE_US, transitUs, WRITE_SERVICE_US } from "./database-timing.js";
import { followProcesses, hostHooksFor, planReplication, replicationLatency, replicationReachability } from "./database-wiring.js";
import { failureOf, ProbeCache } from "./probe-cache.js";
import type { CallResult, DatabasePlaneApi, DbPairSummary, DbPairView, PlaneContext } from "./types.js";

export type QueryResult = CallResult & { readonly writeId?: number };

/** The cause a client sees when no host answers ARP for the VIP. */
export const NO_VIP_OWNER_CAUSE = "no VIP owner";
/** A semi-sync commit whose mysqld died while it waited: the client's connection was reset. */
export const CONNECTION_LOST_CAUSE = "connection lost";

export interface DatabaseOptions {
  /** Overrides every pair's semi-sync setting (scenarios compare async and semi-sync runs). */
  readonly semiSync?: boolean;
}

interface Pair {
  readonly spec: ResolvedMysqlPair;
  readonly cluster: MysqlCluster;
  readonly vipNetwork: string | undefined;
  readonly lag: { maxS: number };
  readonly promotions: PromotionRecord[];
}

export class DatabasePlane implements DatabasePlaneApi {
  private readonly engine: Engine;
  private readonly world: World;
  private readonly probes: ProbeCache;
  private readonly byName = new Map<string, Pair>();
  private readonly byHost = new Map<string, Pair>();

  constructor(ctx: PlaneContext, options: DatabaseOptions = {}) {
    const { engine, lab, world } = ctx;
    this.engine = engine;
    this.world = world;
    this.probes = new ProbeCache(engine, world);
    const plan = planReplication(lab);
    const clusters = createLabMysql(engine, lab, replicationReachability(this.probes, plan), {
      eventLatencyUs: transitUs(world, undefined),
      latencyUs: replicationLatency(world, plan),
      ...(options.semiSync === undefined ? {} : { semiSync: options.semiSync }),
    });
    for (const spec of lab.mysql) {
      const cluster = clusters.get(spec.name)!;
      cluster.hostHooks = hostHooksFor(world, lab, spec, cluster, this.probes, plan);
      const pair: Pair = { spec, cluster, vipNetwork: lab.carp.find((g) => g.name === spec.carp)?.network, lag: { maxS: 0 }, promotions: [] };
      this.byName.set(spec.name, pair);
      for (const host of [spec.master, spec.replica]) {
        this.byHost.set(host, pair);
        for (const hook of ["mysql-promote", "mysql-fence"] as const) world.host(host).setHook(hook, () => this.runHook(pair, hook, host));
      }
      this.sampleLag(pair);
    }
    followProcesses(world, engine, (host) => this.byHost.get(host)?.cluster);
  }

  pairs(): readonly string[] {
    return [...this.byName.keys()];
  }

  /** The model of one pair (read-only use: status, binlogs, ledger). */
  cluster(pair: string): MysqlCluster {
    return this.pair(pair).cluster;
  }

  query(pairName: string, fromHost: string, kind: "read" | "write", done: (result: QueryResult) => void): void {
    const pair = this.pair(pairName);
    const { engine } = this;
    const t0 = engine.now;
    const oneWayUs = transitUs(this.world, pair.vipNetwork);
    const fail = (cause: string, atUs: Micros, writeId?: number): void => {
      if (kind === "write" && writeId === undefined) pair.cluster.ledger.reject(cause);
      engine.at(Math.max(engine.now, atUs), () => done({ ok: false, latencyUs: engine.now - t0, cause, ...(writeId === undefined ? {} : { writeId }) }));
    };
    const net = this.probes.probe(fromHost, pair.spec.vip, pair.spec.port);
    if (!net.ok) {
      const how = failureOf(net);
      if (how === "refused") return fail(REFUSED_CAUSE, t0 + 2 * oneWayUs);
      return fail(how === "no-owner" ? NO_VIP_OWNER_CAUSE : TIMEOUT_CAUSE, t0 + CLIENT_TIMEOUT_US);
    }
    const host = net.host!;
    if (net.hung) return fail(TIMEOUT_CAUSE, t0 + CLIENT_TIMEOUT_US);
    if (kind === "read") {
      const refusal = pair.cluster.server(host).refusal(true);
      if (refusal === REFUSED_CAUSE) return fail(REFUSED_CAUSE, t0 + 2 * oneWayUs);
      if (refusal === TIMEOUT_CAUSE) return fail(TIMEOUT_CAUSE, t0 + CLIENT_TIMEOUT_US);
      engine.after(2 * oneWayUs + READ_SERVICE_US, () => done({ ok: true, latencyUs: engine.now - t0 }));
      return;
    }
    engine.after(oneWayUs + WRITE_SERVICE_US, () => this.commit(pair, host, t0, oneWayUs, fail, done));
  }

  /** The fault vocabulary's replica-stop / replica-start: STOP REPLICA / START REPLICA on `host`. */
  setReplica(host: string, running: boolean): void {
    const pair = this.byHost.get(host);
    if (!pair) throw new Error(`${host} runs no MySQL of a replication pair; MySQL hosts: ${[...this.byHost.keys()].join(", ")}`);
    const server = pair.cluster.server(host);
    const command = running ? "START REPLICA" : "STOP REPLICA";
    if (!server.running) {
      this.engine.emit({ type: "mysql.error", host, command, message: "mysqld not answering: the statement did not run" });
      return;
    }
    if (!server.channel) {
      // START REPLICA without a source is an error; STOP REPLICA on a non-replica only warns.
      if (running) this.engine.emit({ type: "mysql.error", host, command, message: "ERROR 1200: the server is not configured as a replica (no CHANGE REPLICATION SOURCE TO)" });
      return;
    }
    if (running) pair.cluster.startReplica(host);
    else pair.cluster.stopReplica(host);
  }

  view(): DbPairView[] {
    return [...this.byName.values()].map((p) => pairView(p.spec.name, p.spec.vip, p.cluster, this.engine.now));
  }

  summary(): DbPairSummary[] {
    return [...this.byName.values()].map((p) => pairSummary(p.spec.name, p.cluster, p.lag, p.promotions, this.engine.now));
  }

  // The statement reached `host` one way + service time after the query: it commits (or is refused)
  // there and then; the answer takes one more way back.
  private commit(pair: Pair, host: string, t0: Micros, oneWayUs: Micros, fail: (cause: string, atUs: Micros, writeId?: number) => void, done: (r: QueryResult) => void): void {
    const { engine } = this;
    // The host lost power while the statement travelled: nothing answers, the client times out.
    if (this.world.host(host).state === "off") return fail(TIMEOUT_CAUSE, t0 + CLIENT_TIMEOUT_US);
    pair.cluster.write(host, {}, (outcome: WriteOutcome) => {
      if (outcome.status === "committed") {
        const id = outcome.id;
        engine.after(oneWayUs, () => done({ ok: true, latencyUs: engine.now - t0, writeId: id }));
      } else if (outcome.status === "rejected") {
        // Counted by the ledger already; a hung server never answers.
        const atUs = outcome.cause === TIMEOUT_CAUSE ? t0 + CLIENT_TIMEOUT_US : engine.now + oneWayUs;
        engine.at(atUs, () => done({ ok: false, latencyUs: engine.now - t0, cause: outcome.cause }));
      } else {
        // A semi-sync commit whose mysqld went away while it waited: a reset when the kernel lives, silence otherwise.
        const silent = this.world.host(host).state === "off" || pair.cluster.server(host).state === "hung";
        if (silent) fail(TIMEOUT_CAUSE, t0 + CLIENT_TIMEOUT_US, outcome.id);
        else fail(CONNECTION_LOST_CAUSE, engine.now + oneWayUs, outcome.id);
      }
    });
  }

  private runHook(pair: Pair, hook: MysqlHook, host: string): number {
    let status: number | undefined;
    pair.cluster.runHook(hook, host, (r) => {
      status ??= r.status;
      if (hook === "mysql-promote") pair.promotions.push({ atS: this.engine.now / US_PER_S, host, ok: r.status === 0, message: r.message });
    });
    // The drain runs on after the hook returns (the real script keeps ifstated waiting meanwhile): 0 = started.
    return status ?? 0;
  }

  /** Seconds_Behind_Source once per simulated second: one timer per pair. */
  private sampleLag(pair: Pair): void {
    const tick = (): void => {
      const lag = pairLagS(pair.cluster, this.engine.now);
      if (lag !== null && lag > pair.lag.maxS) pair.lag.maxS = lag;
      this.engine.after(seconds(1), tick);
    };
    this.engine.after(seconds(1), tick);
  }

  private pair(name: string): Pair {
    const p = this.byName.get(name);
    if (!p) throw new Error(`unknown MySQL pair ${name}; pairs: ${[...this.byName.keys()].join(", ") || "(none)"}`);
    return p;
  }
}

export { READ_ONLY_CAUSE, REFUSED_CAUSE, TIMEOUT_CAUSE };
