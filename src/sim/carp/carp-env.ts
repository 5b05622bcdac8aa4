// What a CARP virtual host needs from the rest of the simulation, and what the world sees of it: the
// contract between src/sim/carp and the host and network models.

import type { Engine } from "../engine/engine.js";
import type { CarpState, LinkState } from "../host-api.js";

/** One CARP membership on a host: a vhid on its parent (14.x) or a carpN interface (8.1). */
export interface CarpVif {
  readonly group: string;
  readonly vhid: number;
  readonly vip: string;
  /** The interface named in events and commands: the parent on 14.x, carpN on 8.1. */
  readonly iface: string;
  /** The interface the advertisements go out on (a LAGG). */
  readonly parent: string;
  readonly advbase: number;
  readonly state: CarpState;
  /** When the current state began. */
  readonly sinceUs: number;
  /** Configured advskew (ifconfig ... advskew N). */
  readonly advskew: number;
  /** An advertisement of this vhid arrived on the parent. */
  receiveAdvert(advbase: number, advskew: number): void;
}

export interface CarpEnv {
  readonly engine: Engine;
  readonly hostName: string;
  /** Does the parent interface pass traffic (link up and administratively up)? */
  parentUp(parent: string): boolean;
  /** Puts an advertisement on the wire to the group's other members (and emits carp.advert). */
  sendAdvert(vif: CarpVif, advbase: number, advskew: number): void;
  /** Gratuitous ARP: the switch sends the VIP's traffic to this host from now on. */
  announce(vif: CarpVif): void;
  /** After a state change (ARP bookkeeping; on 8.1 the carpN link state ifstated watches). */
  stateChanged(vif: CarpVif, from: CarpState, to: CarpState, reason: string): void;
}

/** The CARP side of a host, 14.x or 8.1 flavour. */
export interface HostCarp {
  readonly vifs: readonly CarpVif[];
  /** Power on: the kernel's defaults (sysctl.conf is applied by rc later). */
  reset(preempt: boolean): void;
  attach(): void;
  /** Power off or crash: every timer stops, no frame leaves. */
  halt(reason: string): void;
  /** The parent interface's link or admin state changed. */
  parentChanged(parent: string): void;
  readSysctl(name: string): number | undefined;
  writeSysctl(name: string, value: number): boolean;
  sysctlNames(): readonly string[];
  /** pfsync bulk update running (true) or over (false): demotion on 14.x, suppress_preempt on 8.x. */
  pfsyncBulk(running: boolean, reason: string): void;
  setAdvskew(iface: string, vhid: number | undefined, advskew: number): boolean;
  setState(iface: string, vhid: number, state: "master" | "backup"): boolean;
  /** ifconfig carpN up|down (8.1); undefined when iface is not a CARP interface. */
  setAdmin(iface: string, up: boolean): boolean | undefined;
  carpState(iface: string, vhid: number | undefined): CarpState | undefined;
  /** 8.1: carpN link state (MASTER up, BACKUP down, INIT unknown); undefined otherwise. */
  linkState(iface: string): LinkState | undefined;
}

export function emitCarpState(env: CarpEnv, vif: CarpVif, from: CarpState, to: CarpState, reason: string): void {
  env.engine.emit({ type: "carp.state", host: env.hostName, iface: vif.iface, vhid: vif.vhid, vip: vif.vip, group: vif.group, from, to, reason });
  env.stateChanged(vif, from, to, reason);
}
