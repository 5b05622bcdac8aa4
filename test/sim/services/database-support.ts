// Shared by the database plane tests: a booted world with the DatabasePlane, a write load from the
// app hosts that records every query and its answer, and the formulas of the query's timing.
import type { Release } from "../../../src/model/types.js";
import type { Engine, TraceEvent } from "../../../src/sim/engine/engine.js";
import { DEFAULT_LINK_LATENCY_US } from "../../../src/sim/net/segment.js";
import { DatabasePlane, type QueryResult } from "../../../src/sim/services/database.js";
import { WRITE_SERVICE_US } from "../../../src/sim/services/database-timing.js";
import type { World } from "../../../src/sim/world/world.js";
import { referenceLab } from "../../support/reference-lab.js";
import { simRig } from "../../support/sim-rig.js";

export const S = 1_000_000;
/** app -> VIP and db -> db: one segment each, the world's default latency. */
export const ONE_WAY_US = DEFAULT_LINK_LATENCY_US;

/** When a write issued at t0 reaches the server and commits (or is refused). */
export function commitAtUs(t0: number): number {
  return t0 + ONE_WAY_US + WRITE_SERVICE_US;
}

export interface QueryRecord {
  readonly t0: number;
  readonly from: string;
  result?: QueryResult;
}

export interface DbRig {
  readonly engine: Engine;
  readonly world: World;
  readonly plane: DatabasePlane;
  readonly events: TraceEvent[];
  readonly writes: QueryRecord[];
  /** Writes from `from` every `everyUs` (first at `startUs`) until `untilUs`. */
  writeLoad(from: string, startUs: number, everyUs: number, untilUs: number): void;
}

export function dbRig(release: Release, options: { semiSync?: boolean } = {}, seed = 1): DbRig {
  const lab = referenceLab(release);
  const { engine, world } = simRig(lab, seed);
  const events: TraceEvent[] = [];
  engine.onEvent((e) => events.push(e), { protocol: false });
  world.start();
  const plane = new DatabasePlane({ engine, lab, world }, options);
  const writes: QueryRecord[] = [];
  const writeLoad = (from: string, startUs: number, everyUs: number, untilUs: number): void => {
    const tick = (): void => {
      const record: QueryRecord = { t0: engine.now, from };
      writes.push(record);
      plane.query("plone", from, "write", (r) => { record.result = r; });
      if (engine.now + everyUs <= untilUs) engine.after(everyUs, tick);
    };
    engine.at(startUs, tick);
  };
  return { engine, world, plane, events, writes, writeLoad };
}

/** Inclusive id ranges as a flat list of ids. */
export function idsOf(ranges: readonly { readonly from: number; readonly to: number }[]): number[] {
  return ranges.flatMap(({ from, to }) => Array.from({ length: to - from + 1 }, (_, i) => from + i));
}

/** The first trace event matching, after `afterUs`. */
export function firstEvent(events: readonly TraceEvent[], afterUs: number, match: (e: TraceEvent) => boolean): TraceEvent {
  const e = events.find((x) => x.t >= afterUs && match(x));
  if (!e) throw new Error(`no matching event after ${afterUs / S} s`);
  return e;
}

export function causesOf(records: readonly QueryRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) {
    const k = r.result === undefined ? "(no answer yet)" : r.result.ok ? "ok" : r.result.cause ?? "?";
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}
