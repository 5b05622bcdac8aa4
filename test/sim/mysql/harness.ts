// Test harness for the MySQL model: an engine, a cuttable network and a steady writer.
import { Engine, type TraceEvent } from "../../../src/sim/engine/engine.js";
import { MysqlCluster, defaultMysqlOptions, type MysqlOptions, type MysqlRelease, type WriteOutcome } from "../../../src/sim/mysql/index.js";

export interface Harness {
  engine: Engine;
  cluster: MysqlCluster;
  events: TraceEvent[];
  /** Hosts whose packets go nowhere (powered off or cut off). */
  down: Set<string>;
  /** Every write the writer made: its time and outcome (final for semi-sync). */
  writes: { tUs: number; outcome: WriteOutcome | { status: "pending"; id: number } }[];
  /** Starts writing to `target()` every `everyUs` until `untilUs`. */
  writeEvery(everyUs: number, untilUs: number, target: () => string): void;
}

export function harness(release: MysqlRelease = "14.2", overrides: Partial<MysqlOptions> = {}): Harness {
  const engine = new Engine(7);
  const events: TraceEvent[] = [];
  engine.onEvent((e) => events.push(e), { protocol: false });
  const down = new Set<string>();
  const reachable = (from: string, to: string): boolean => !down.has(from) && !down.has(to);
  const options: MysqlOptions = { ...defaultMysqlOptions(release, reachable), ...overrides };
  const cluster = new MysqlCluster(engine, options, [
    { host: "db01", serverId: 1, role: "master" },
    { host: "db02", serverId: 2, role: "replica" },
  ]);
  const writes: Harness["writes"] = [];
  const writeEvery = (everyUs: number, untilUs: number, target: () => string): void => {
    const tick = (): void => {
      if (engine.now > untilUs) return;
      const entry: Harness["writes"][number] = { tUs: engine.now, outcome: { status: "pending", id: 0 } };
      writes.push(entry);
      entry.outcome = cluster.write(target(), {}, (o) => { entry.outcome = o; });
      engine.after(everyUs, tick);
    };
    engine.after(everyUs, tick);
  };
  return { engine, cluster, events, down, writes, writeEvery };
}

export function idOf(o: WriteOutcome | { status: "pending"; id: number }): number | undefined {
  return "id" in o ? o.id : undefined;
}
