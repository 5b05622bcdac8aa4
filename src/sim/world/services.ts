// The services of a host (from the resolved lab) and their states. pf and pfsync are kernel parts that
// rc starts at their own stages (host-power.ts); ifstated is the daemon rc starts last. A hung service keeps its listening socket: the kernel completes TCP handshakes into
// the listen queue although the process never answers, so `nc -z` in the generated check-port.sh
// (and portOpen) still succeeds; only a stopped or crashed service refuses connections.

import type { ResolvedHost, ServiceKind } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";

export type ServiceState = "stopped" | "starting" | "running" | "crashed" | "hung";

export interface SimService {
  readonly name: ServiceKind;
  readonly ports: readonly number[];
  /** "0.0.0.0" for every address of the host, else one address (a VIP for carp:GROUP). */
  readonly bindAddress: string;
  state: ServiceState;
}

/** Started by rc at their own stages, not with the other services. */
export const OWN_STAGE: ReadonlySet<string> = new Set(["pf", "pfsync", "ifstated"]);

export class ServiceTable {
  readonly services = new Map<string, SimService>();

  constructor(
    private readonly engine: Engine,
    private readonly hostName: string,
    spec: ResolvedHost,
    private readonly changed?: (service: string, from: ServiceState, to: ServiceState) => void,
  ) {
    for (const s of spec.services) {
      this.services.set(s.kind, { name: s.kind, ports: s.ports, bindAddress: s.bindAddress, state: "stopped" });
    }
  }

  names(): string[] {
    return [...this.services.keys()];
  }

  get(name: string): SimService | undefined {
    return this.services.get(name);
  }

  set(name: string, to: ServiceState, reason: string): void {
    const s = this.services.get(name);
    if (!s || s.state === to) return;
    const from = s.state;
    s.state = to;
    this.engine.emit({ type: "service.state", host: this.hostName, service: name, from, to, reason });
    this.changed?.(name, from, to);
  }

  setAll(from: readonly ServiceState[] | "any", to: ServiceState, reason: string): void {
    for (const s of this.services.values()) if (from === "any" || from.includes(s.state)) this.set(s.name, to, reason);
  }

  /** The service accepting TCP on port at address (address local to this host), if any. */
  listener(port: number, address: string): SimService | undefined {
    for (const s of this.services.values()) {
      if ((s.state === "running" || s.state === "hung") && s.ports.includes(port) && (s.bindAddress === "0.0.0.0" || s.bindAddress === address)) return s;
    }
    return undefined;
  }
}
