// A host's interfaces: NICs, LAGGs over them and the addressed (L3) interfaces, with their link
// states as ifconfig and ifstated see them. Every change is a trace event (link.state, lagg.port,
// lagg.state); the owner is told which interfaces changed so CARP, ARP and ifstated can react.

import type { ResolvedHost } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";
import type { LinkState } from "../host-api.js";
import { Lagg } from "./lagg.js";
import { Nic } from "./nic.js";

export interface L3Interface {
  readonly name: string;
  readonly kind: "lagg" | "nic";
  readonly network: string;
  readonly address: string;
}

/** A live view of whether an interface passes traffic, for hot paths that ask every frame. */
export interface IfaceHandle {
  readonly up: boolean;
}

export interface HostNetHooks {
  /** A link state ifstated can watch changed (a NIC or a LAGG). */
  linkChanged(iface: string): void;
  /** An addressed interface started or stopped passing traffic. */
  interfaceChanged(iface: string): void;
}

export class HostNet {
  readonly nics = new Map<string, Nic>();
  readonly laggs = new Map<string, Lagg>();
  readonly interfaces = new Map<string, L3Interface>();

  constructor(private readonly engine: Engine, readonly hostName: string, spec: ResolvedHost, lacpTimeoutUs: Micros, private readonly hooks: HostNetHooks) {
    for (const n of spec.nics) this.nics.set(n.name, new Nic(n.name, n.lagg));
    for (const l of spec.laggs) {
      const ports = l.ports.map((p) => this.nics.get(p)!);
      this.laggs.set(l.name, new Lagg(engine, l.name, l.protocol, ports, lacpTimeoutUs, (lagg) => this.refreshLaggs([lagg], "LACP partner timed out")));
    }
    for (const i of spec.interfaces) this.interfaces.set(i.name, { name: i.name, kind: i.kind, network: i.network, address: i.address });
  }

  /** Does the addressed interface pass traffic (a LAGG with an active port, a NIC with link)? */
  operational(iface: string): boolean {
    const lagg = this.laggs.get(iface);
    if (lagg) return lagg.state === "up";
    return this.nics.get(iface)?.link === "up";
  }

  handle(iface: string): IfaceHandle {
    const h = this.laggs.get(iface) ?? this.nics.get(iface);
    if (!h) throw new Error(`${this.hostName} has no interface ${iface}`);
    return h;
  }

  linkState(iface: string): LinkState | undefined {
    if (iface === "lo0") return "up";
    return this.laggs.get(iface)?.state ?? this.nics.get(iface)?.link;
  }

  /** Power (network stage of boot, or power off): every NIC at once. */
  setPowered(on: boolean, reason: string): void {
    this.update([...this.nics.values()], (n) => (n.powered = on), reason);
  }

  setCables(names: readonly string[], up: boolean, reason: string): void {
    this.update(names.map((n) => this.nics.get(n)!), (n) => (n.cable = up), reason);
  }

  /** ifconfig IF up|down on a NIC or a LAGG; false when there is no such interface. */
  setAdmin(iface: string, up: boolean, reason: string): boolean {
    const lagg = this.laggs.get(iface);
    if (lagg) {
      if (lagg.admin !== up) {
        lagg.admin = up;
        this.refreshLaggs([lagg], reason);
      }
      return true;
    }
    const nic = this.nics.get(iface);
    if (!nic) return false;
    this.update([nic], (n) => (n.admin = up), reason);
    return true;
  }

  setLacpPartnerSilent(lagg: string, port: string, silent: boolean): void {
    const l = this.laggs.get(lagg)!;
    l.setPartnerSilent(port, silent);
    this.refreshLaggs([l], silent ? "LACP partner silent" : "LACP partner back");
  }

  stopTimers(): void {
    for (const l of this.laggs.values()) l.stopTimers();
  }

  private update(nics: readonly Nic[], change: (n: Nic) => void, reason: string): void {
    const touched: Lagg[] = [];
    for (const nic of nics) {
      change(nic);
      const to = nic.wanted();
      if (to === nic.link) continue;
      const from = nic.link;
      nic.link = to;
      this.engine.emit({ type: "link.state", host: this.hostName, iface: nic.name, from, to, reason });
      this.hooks.linkChanged(nic.name);
      if (nic.lagg) {
        const lagg = this.laggs.get(nic.lagg)!;
        lagg.portLinkChanged(nic.name, to);
        if (!touched.includes(lagg)) touched.push(lagg);
      } else if (this.interfaces.has(nic.name)) this.hooks.interfaceChanged(nic.name);
    }
    this.refreshLaggs(touched, reason);
  }

  private refreshLaggs(laggs: readonly Lagg[], reason: string): void {
    for (const lagg of laggs) {
      const wanted = lagg.wantedPorts();
      let anyActive = false;
      for (const [port, to] of wanted) {
        anyActive ||= to === "active";
        const from = lagg.portState.get(port)!;
        if (from === to) continue;
        lagg.portState.set(port, to);
        this.engine.emit({ type: "lagg.port", host: this.hostName, iface: lagg.name, port, from, to, reason });
      }
      const state: LinkState = lagg.admin && anyActive ? "up" : "down";
      if (state === lagg.state) continue;
      const from = lagg.state;
      lagg.state = state;
      this.engine.emit({ type: "lagg.state", host: this.hostName, iface: lagg.name, from, to: state, reason });
      this.hooks.linkChanged(lagg.name);
      if (this.interfaces.has(lagg.name)) this.hooks.interfaceChanged(lagg.name);
    }
  }
}
