// Helpers for the world/net/carp tests: a world on a fresh engine with every event recorded, lab
// variants of the reference spec, and event queries.
import { Engine, type TraceEvent } from "../../../src/sim/engine/engine.js";
import { seconds } from "../../../src/sim/engine/time.js";
import { buildWorld, type World, type WorldOptions } from "../../../src/sim/world/world.js";
import type { LabSpec, Release, ResolvedLab } from "../../../src/model/types.js";
import { referenceLab, referenceSpec, resolveSpec } from "../../support/reference-lab.js";

export interface Run {
  readonly engine: Engine;
  readonly world: World;
  readonly events: TraceEvent[];
  /** Events of a type whose fields match `where`. */
  of(type: string, where?: Record<string, unknown>): TraceEvent[];
  at(s: number, run: () => void): void;
  runTo(s: number): void;
}

export function simulate(lab: ResolvedLab, options: WorldOptions = {}, seed = 1): Run {
  const engine = new Engine(seed);
  const world = buildWorld(lab, engine, options);
  const events: TraceEvent[] = [];
  engine.onEvent((e) => events.push(e));
  return {
    engine, world, events,
    of: (type, where = {}) => events.filter((e) => e.type === type && Object.entries(where).every(([k, v]) => e[k] === v)),
    at: (s, run) => void engine.at(seconds(s), run),
    runTo: (s) => engine.runUntil(seconds(s)),
  };
}

type MutableSpec = { -readonly [K in keyof LabSpec]: any };

/** The reference lab with the spec edited (a deep copy). */
export function labWith(release: Release, edit: (spec: MutableSpec) => void): ResolvedLab {
  const spec = referenceSpec(release) as MutableSpec;
  edit(spec);
  return resolveSpec(spec as LabSpec);
}

/** The www group of a spec. */
export function www(spec: MutableSpec): { advbase: number; preempt: boolean; members: { host: string; advskew: number; preempt?: boolean }[] } {
  return spec.carp.find((g: { name: string }) => g.name === "www");
}

export { referenceLab, seconds };

/** The reference lab, booted: every host running and the preferred masters MASTER (t = 40 s). */
export function booted(release: Release = "14.2", options: WorldOptions = {}): Run {
  const run = simulate(referenceLab(release), options);
  run.world.start();
  run.runTo(40);
  return run;
}

export function lastBefore(events: readonly TraceEvent[], t: number): TraceEvent | undefined {
  let out: TraceEvent | undefined;
  for (const e of events) if (e.t <= t) out = e;
  return out;
}
