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

/** The network layer only (hosts, LAGG, CARP, pf, pfsync, ifstated): issue 4's figures. */
export function simulate(spec: LabSpec, secrets: LabSecrets, hours: number, seed = 1): SimFigures {
  const v = validateLab(spec);
  if (!v.ok) throw new Error("invalid lab");
  const lab = resolve(v.lab, secrets);
  const t0 = performance.now();
  const session = startSimulation(lab, seed, undefined, { services: false });
  session.engine.runUntil(seconds(hours * 3600));
  const wallMs = performance.now() - t0;
  const events = session.engine.eventsProcessed;
  return {
    wallMs, events, eventsPerS: events / (wallMs / 1000), speedup: (hours * 3600 * 1000) / wallMs,
    rssMiB: process.memoryUsage().rss / 2 ** 20,
  };
}

export interface TrafficFigures extends SimFigures {
  readonly requests: number;
  readonly requestsPerS: number;
  readonly availabilityPercent: number | null;
  /** Heap after a quarter of the run and at its end (flat memory: about equal). */
  readonly heapQuarterMiB: number;
  readonly heapEndMiB: number;
}

/** Every service under flat traffic of about `requestsPerS` (the reference profile gives 12 pages/s at rateScale 1). */
export function simulateTraffic(spec: LabSpec, secrets: LabSecrets, hours: number, requestsPerS: number, seed = 1): TrafficFigures {
  const v = validateLab(spec);
  if (!v.ok) throw new Error("invalid lab");
  const lab = resolve(v.lab, secrets);
  const perScale = lab.traffic.peakSessionsPerS * lab.traffic.pageViewsPerSession + lab.traffic.registrationsPerHour / 3600;
  const t0 = performance.now();
  const session = startSimulation(lab, seed, undefined, { traffic: { flat: true, rateScale: requestsPerS / perScale } });
  const end = seconds(hours * 3600);
  session.engine.runUntil(end / 4);
  globalThis.gc?.();
  const heapQuarterMiB = process.memoryUsage().heapUsed / 2 ** 20;
  session.engine.runUntil(end);
  const wallMs = performance.now() - t0;
  globalThis.gc?.();
  const heapEndMiB = process.memoryUsage().heapUsed / 2 ** 20;
  const events = session.engine.eventsProcessed;
  const summary = session.summary();
  return {
    wallMs, events, eventsPerS: events / (wallMs / 1000), speedup: (hours * 3600 * 1000) / wallMs,
    rssMiB: process.memoryUsage().rss / 2 ** 20,
    requests: summary.requests.total, requestsPerS: summary.requests.total / (hours * 3600 - (summary.requests.trafficStartS ?? 0)),
    availabilityPercent: summary.requests.availabilityPercent, heapQuarterMiB, heapEndMiB,
  };
}
