// Test support: the reference lab's proxy/app services and a small HAProxy -> Zope rig on an Engine.
import { Engine, type TraceEvent } from "../../../src/sim/engine/engine.js";
import type { ResolvedLab, ResolvedServiceOf, ServiceKind } from "../../../src/model/types.js";
import { HaproxyBackend, haproxyConfig } from "../../../src/sim/chain/haproxy-backend.js";
import { ZopeInstance, zopeConfigs } from "../../../src/sim/chain/zope-instance.js";
import type { ProcessState } from "../../../src/sim/chain/types.js";
import { referenceLab } from "../../support/reference-lab.js";

export function serviceOf<K extends ServiceKind>(lab: ResolvedLab, host: string, kind: K): ResolvedServiceOf<K> {
  const s = lab.hosts.find((h) => h.name === host)?.services.find((x) => x.kind === kind);
  if (!s) throw new Error(`${host} has no ${kind}`);
  return s as ResolvedServiceOf<K>;
}

export function recordEvents(engine: Engine, type: string): TraceEvent[] {
  const seen: TraceEvent[] = [];
  engine.onEvent((e) => {
    if (e.type === type) seen.push(e);
  }, { protocol: false });
  return seen;
}

export interface Rig {
  readonly engine: Engine;
  readonly haproxy: HaproxyBackend;
  readonly zopes: Map<string, ZopeInstance>;
  readonly states: Map<string, ProcessState>;
  readonly events: TraceEvent[];
  setState(server: string, state: ProcessState): void;
}

/** proxy01's HAProxy in front of every Zope instance of app01/app02, values from the resolved model. */
export function buildRig(seed = 1, options: { readonly serverLimit?: number; readonly serviceTimeMs?: number } = {}): Rig {
  const lab = referenceLab("14.2");
  const engine = new Engine(seed);
  const events = recordEvents(engine, "haproxy.server");
  const zopes = new Map<string, ZopeInstance>();
  const states = new Map<string, ProcessState>();
  for (const host of ["app01", "app02"]) {
    const service = serviceOf(lab, host, "zope");
    const model = options.serviceTimeMs === undefined ? undefined : { kind: "exponential" as const, meanMs: options.serviceTimeMs };
    for (const config of zopeConfigs(host, service, model)) {
      const name = `${host}_${config.port}`;
      states.set(name, "running");
      zopes.set(name, new ZopeInstance(engine, config, () => states.get(name)!));
    }
  }
  const names = [...zopes.keys()].slice(0, options.serverLimit ?? zopes.size);
  const haproxy = new HaproxyBackend(
    engine,
    haproxyConfig("proxy01", serviceOf(lab, "proxy01", "haproxy")),
    names.map((name) => ({ name, cookie: name })),
    (server) => zopes.get(server)!.probe(),
    (server, timeoutUs, done) => zopes.get(server)!.submit(timeoutUs, done),
  );
  return {
    engine,
    haproxy,
    zopes,
    states,
    events,
    setState(server, state) {
      states.set(server, state);
      zopes.get(server)!.notifyStateChanged();
    },
  };
}
