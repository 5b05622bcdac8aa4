// A headless simulation run: build the world from the resolved lab, start every host, run the
// generated ifstated.conf on the hosts that have one, inject the scheduled faults, run to the end,
// and summarise from the trace. Deterministic: same lab, seed and faults give the same events.

import { parseIfstated } from "../formats/ifstated/parse.js";
import type { IfstatedConfig } from "../formats/ifstated/ast.js";
import { applyFault, formatFault, isRepair, type ScheduledFault } from "../faults/index.js";
import { type Artifact, hostPath } from "../generate/artifact.js";
import { generateHostNetwork } from "../generate/host/index.js";
import { IFSTATED_CONF } from "../generate/paths.js";
import type { ResolvedLab } from "../model/types.js";
import { carpMasterChecker } from "./checkers/carp-master.js";
import { laggChecker } from "./checkers/lagg-consistent.js";
import { vipOwnedChecker } from "./checkers/vip-owned.js";
import { Engine, type EventLevel, type TraceEvent } from "./engine/engine.js";
import type { Micros } from "./engine/time.js";
import { IfstatedDaemon } from "./ifstated/daemon.js";
import { type SimSummary, SummaryCollector } from "./summary.js";
import { buildWorld, type World } from "./world/world.js";

export interface SimOptions {
  readonly seed: number;
  readonly durationUs: Micros;
  readonly faults: readonly ScheduledFault[];
}

/** The generated ifstated.conf of every host that has one, parsed as the daemon would read it. */
export function ifstatedConfigs(lab: ResolvedLab, artifacts: readonly Artifact[]): Map<string, IfstatedConfig> {
  const files = new Map(artifacts.map((a) => [a.path, a.content]));
  const out = new Map<string, IfstatedConfig>();
  for (const host of lab.hosts) {
    const text = files.get(hostPath(host.name, IFSTATED_CONF));
    if (text === undefined) continue;
    const parsed = parseIfstated(text);
    if (!parsed.ok) throw new Error(`generated ifstated.conf of ${host.name} does not parse: ${JSON.stringify(parsed.errors)}`);
    out.set(host.name, parsed.value);
  }
  return out;
}

export interface SimSession {
  readonly engine: Engine;
  readonly world: World;
  /** Injects a fault now (traced as fault.inject or fault.heal). */
  inject(fault: ScheduledFault["fault"]): void;
  summary(): SimSummary;
}

/** Builds and starts a simulated lab; the caller drives the engine (fast-forward or paced). */
export function startSimulation(lab: ResolvedLab, seed: number, onEvent?: (e: TraceEvent, level: EventLevel) => void): SimSession {
  const engine = new Engine(seed);
  const collector = new SummaryCollector(lab, [carpMasterChecker(lab), vipOwnedChecker(lab), laggChecker()]);
  // The collector reads state events only; protocol messages are built only when the caller listens.
  engine.onEvent((e) => collector.observe(e), { protocol: false });
  if (onEvent) engine.onEvent(onEvent);
  // The host files are generated once: the world reads pf.conf, sysctl.conf and rc.conf from them,
  // the daemons their ifstated.conf.
  const files = generateHostNetwork(lab, { provider: "virtualbox" });
  const configs = ifstatedConfigs(lab, files);
  const world = buildWorld(lab, engine, {
    files,
    daemons: (host) => {
      const config = configs.get(host.hostName);
      return config ? [new IfstatedDaemon(engine, host.hostName, config, host)] : [];
    },
  });
  world.start();
  const inject = (fault: ScheduledFault["fault"]) => {
    engine.emit({ type: isRepair(fault) ? "fault.heal" : "fault.inject", fault: formatFault(fault) });
    applyFault(fault, world);
  };
  return {
    engine, world, inject,
    summary: () => collector.finish(engine.now, { seed, traceHash: engine.traceHash(), events: engine.stateEventCount }),
  };
}

export function runSimulation(lab: ResolvedLab, options: SimOptions, onEvent?: (e: TraceEvent, level: EventLevel) => void): SimSummary {
  const session = startSimulation(lab, options.seed, onEvent);
  for (const f of options.faults) session.engine.at(f.atUs, () => session.inject(f.fault));
  session.engine.runUntil(options.durationUs);
  return session.summary();
}
