// Test harness: the GENERATED ifstated.conf of a reference-lab host (parsed back as the simulator
// will), an engine, a fake host and a daemon wired to its link changes, plus trace helpers.
import { hostPath } from "../../../src/generate/artifact.js";
import { generateHostNetwork } from "../../../src/generate/host/index.js";
import { IFSTATED_CONF } from "../../../src/generate/paths.js";
import type { IfstatedConfig } from "../../../src/formats/ifstated/ast.js";
import { parseIfstated } from "../../../src/formats/ifstated/parse.js";
import type { Release } from "../../../src/model/types.js";
import { Engine, type EventLevel, type TraceEvent } from "../../../src/sim/engine/engine.js";
import { seconds } from "../../../src/sim/engine/time.js";
import { IfstatedDaemon } from "../../../src/sim/ifstated/daemon.js";
import { referenceLab } from "../../support/reference-lab.js";
import { FakeTarget } from "../commands/fake-target.js";

export function parseConfig(text: string): IfstatedConfig {
  const parsed = parseIfstated(text);
  if (!parsed.ok) throw new Error(`ifstated.conf does not parse: ${JSON.stringify(parsed.errors)}\n${text}`);
  return parsed.value;
}

export function generatedIfstated(release: Release, host: string): IfstatedConfig {
  const files = generateHostNetwork(referenceLab(release), { provider: "virtualbox" });
  const file = files.find((a) => a.path === hostPath(host, IFSTATED_CONF));
  if (!file) throw new Error(`no ifstated.conf generated for ${host} (${release})`);
  return parseConfig(file.content);
}

export interface Rig {
  readonly engine: Engine;
  readonly target: FakeTarget;
  readonly daemon: IfstatedDaemon;
  /** Every event with its level. */
  readonly trace: { event: TraceEvent; level: EventLevel }[];
  /** State-level events of `type` (all ifstated.* when omitted). */
  events(type?: string): TraceEvent[];
  /** The commands of state-level ifstated.run events. */
  runs(): string[];
  /** Runs the engine to `s` seconds. */
  at(s: number, then?: () => void): void;
}

export function rig(config: IfstatedConfig, host: string, prepare: (t: FakeTarget) => void): Rig {
  const engine = new Engine(1);
  const target = new FakeTarget(host);
  prepare(target);
  const daemon = new IfstatedDaemon(engine, host, config, target);
  target.onLinkChange = (iface) => daemon.linkChanged(iface);
  const trace: { event: TraceEvent; level: EventLevel }[] = [];
  engine.onEvent((event, level) => trace.push({ event, level }));
  const events = (type?: string) => trace.filter((e) => e.level === "state" && (type ? e.event.type === type : e.event.type.startsWith("ifstated."))).map((e) => e.event);
  return {
    engine,
    target,
    daemon,
    trace,
    events,
    runs: () => events("ifstated.run").map((e) => e.command as string),
    at: (s, then) => {
      engine.runUntil(seconds(s));
      then?.();
    },
  };
}

/** A healthy proxy: both LAGGs up, nginx/varnish/haproxy answering; 8.1 also has carp0 (MASTER = link up). */
export function healthyProxy(release: Release) {
  return (t: FakeTarget) => {
    t.setLink("lagg0", "up");
    t.setLink("lagg1", "up");
    t.open("80", "3180", "3380");
    if (release === "8.1") t.setCarp("carp0", undefined, "MASTER");
    else t.setCarp("lagg0", 1, "MASTER");
  };
}

/** A db host whose CARP vhid 3 on lagg1 starts BACKUP (14.x), or carp0 (8.1); mysqld answers on 3306. */
export function backupDb(release: Release) {
  return (t: FakeTarget) => {
    t.setLink("lagg0", "up");
    t.setLink("lagg1", "up");
    t.open("3306");
    if (release === "8.1") t.setCarp("carp0", undefined, "BACKUP");
    else t.setCarp("lagg1", 3, "BACKUP");
  };
}

export const secondsOf = (e: TraceEvent): number => e.t / 1_000_000;
