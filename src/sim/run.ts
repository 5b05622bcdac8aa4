// A headless simulation run: build the world from the resolved lab, start every host, run the
// generated ifstated.conf on the hosts that have one, inject the scheduled faults, run to the end,
// and summarise from the trace. Deterministic: same lab, seed and faults give the same events.

import { applyFault, formatFault, isRepair, type ScheduledFault } from "../faults/index.js";
import { generateHostNetwork } from "../generate/host/index.js";
import type { ResolvedLab } from "../model/types.js";
import { carpMasterChecker } from "./checkers/carp-master.js";
import { laggChecker } from "./checkers/lagg-consistent.js";
import { vipOwnedChecker } from "./checkers/vip-owned.js";
import { Engine, type EventLevel, type TraceEvent } from "./engine/engine.js";
import type { Micros } from "./engine/time.js";
import { ifstatedConfigs } from "./ifstated/configs.js";
import { IfstatedDaemon } from "./ifstated/daemon.js";

export { ifstatedConfigs } from "./ifstated/configs.js";
import { ServicesPlane, type PlaneOptions, type ServicesSummary } from "./services/plane.js";
import { type SimSummary as NetSummary, SummaryCollector } from "./summary.js";
import type { ClusterView } from "./view.js";
import { buildClusterView } from "./view-build.js";
import { buildWorld, type World } from "./world/world.js";

/**
 * Hosts are switched on within the first second in a seeded order: like a rack powered up by hand,
 * their ifstated checks and CARP timers then run out of phase, and a fault at a round time is not
 * seen at the very instant a check runs.
 */
export const POWER_ON_SPREAD_US: Micros = 1_000_000;

export interface SimOptions extends PlaneOptions {
  readonly seed: number;
  readonly durationUs: Micros;
  readonly faults: readonly ScheduledFault[];
}

/** The run's summary: the network part (VIPs, failovers, checkers) and the services part. */
export type SimSummary = NetSummary & ServicesSummary;

/**
 * The lab's world as a run builds it, not yet started: the host files generated once (the world
 * reads pf.conf, sysctl.conf and rc.conf from them) and each host's ifstated running its generated
 * ifstated.conf.
 */
export function buildLabWorld(lab: ResolvedLab, engine: Engine, options: { powerOnSpreadUs?: Micros } = {}): World {
  const files = generateHostNetwork(lab, { provider: "virtualbox" });
  const configs = ifstatedConfigs(lab, files);
  return buildWorld(lab, engine, {
    files,
    ...options,
    daemons: (host) => {
      const config = configs.get(host.hostName);
      return config ? [new IfstatedDaemon(engine, host.hostName, config, host)] : [];
    },
  });
}

export interface SimSession {
  readonly engine: Engine;
  readonly world: World;
  /** Undefined when the run is the network only (options.services false). */
  readonly plane: ServicesPlane | undefined;
  /** Injects a fault now (traced as fault.inject or fault.heal). */
  inject(fault: ScheduledFault["fault"]): void;
  summary(): SimSummary;
  /** The lab now, for `lab status` and the console. */
  view(): ClusterView;
}

/** Builds and starts a simulated lab; the caller drives the engine (fast-forward or paced). */
export function startSimulation(
  lab: ResolvedLab,
  seed: number,
  onEvent?: (e: TraceEvent, level: EventLevel) => void,
  options: PlaneOptions = {},
): SimSession {
  const engine = new Engine(seed);
  // The plane is built after the world; the collector asks it for failover costs only later.
  let plane: ServicesPlane | undefined;
  const collector = new SummaryCollector(lab, [carpMasterChecker(lab), vipOwnedChecker(lab), laggChecker()], {
    failedBetween: (fromUs, toUs) => plane?.failures.count(fromUs, toUs) ?? 0,
    at: (atUs, fn) => engine.at(atUs, fn),
  });
  // The collector reads state events only; protocol messages are built only when the caller listens.
  engine.onEvent((e) => collector.observe(e), { protocol: false });
  if (onEvent) engine.onEvent(onEvent);
  const world = buildLabWorld(lab, engine, { powerOnSpreadUs: POWER_ON_SPREAD_US });
  const services = options.services === false ? undefined : new ServicesPlane({ engine, lab, world }, options);
  plane = services;
  world.dataTarget = services;
  world.start();
  const inject = (fault: ScheduledFault["fault"]) => {
    engine.emit({ type: isRepair(fault) ? "fault.heal" : "fault.inject", fault: formatFault(fault) });
    applyFault(fault, world);
  };
  return {
    engine, world, plane: services, inject,
    summary: () => {
      const net = collector.finish(engine.now, { seed, traceHash: engine.traceHash(), events: engine.stateEventCount });
      const more = services?.summary() ?? ServicesPlane.emptySummary(lab);
      const dbOk = more.databases.every((d) => d.checker.ok);
      return { ...net, ...more, ok: net.ok && dbOk };
    },
    view: () => buildClusterView(lab, engine, world, services, collector),
  };
}

export function runSimulation(lab: ResolvedLab, options: SimOptions, onEvent?: (e: TraceEvent, level: EventLevel) => void): SimSummary {
  const { seed, durationUs, faults, ...plane } = options;
  const session = startSimulation(lab, seed, onEvent, plane);
  for (const f of faults) session.engine.at(f.atUs, () => session.inject(f.fault));
  session.engine.runUntil(durationUs);
  return session.summary();
}
