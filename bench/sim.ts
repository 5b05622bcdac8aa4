// Simulator figures: the reference lab for 24 h simulated and a 1,000-host lab for 1 h, in fast-forward.
import { resolve } from "../src/model/resolve.js";
import { validateLab } from "../src/model/validate.js";
import type { LabSecrets, LabSpec } from "../src/model/types.js";
import { seconds } from "../src/sim/engine/time.js";
import { startSimulation } from "../src/sim/run.js";

export interface SimFigures {
  readonly wallMs: number;
  readonly events: number;
  readonly eventsPerS: number;
  readonly speedup: number;
  readonly rssMiB: number;
}

export function simulate(spec: LabSpec, secrets: LabSecrets, hours: number, seed = 1): SimFigures {
  const v = validateLab(spec);
  if (!v.ok) throw new Error("invalid lab");
  const lab = resolve(v.lab, secrets);
  const t0 = performance.now();
  const session = startSimulation(lab, seed);
  session.engine.runUntil(seconds(hours * 3600));
  const wallMs = performance.now() - t0;
  const events = session.engine.eventsProcessed;
  return {
    wallMs, events, eventsPerS: events / (wallMs / 1000), speedup: (hours * 3600 * 1000) / wallMs,
    rssMiB: process.memoryUsage().rss / 2 ** 20,
  };
}
