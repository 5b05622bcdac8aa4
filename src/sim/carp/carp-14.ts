// The CARP side of a FreeBSD 14.x host: its vhids and the host-wide sysctls. net.inet.carp.demotion
// is a counter that writes ADD to (carp_demote_adj): +240 per vhid whose parent loses link, +240
// while a pfsync bulk update runs; each change makes every MASTER advertise at once (carp_send_ad_all).

import type { ResolvedHost } from "../../model/types.js";
import type { CarpState, LinkState } from "../host-api.js";
import type { CarpEnv, HostCarp } from "./carp-env.js";
import { CARP_MAXSKEW } from "./timing.js";
import { CarpVhid14, type Carp14Knobs } from "./vhid-14.js";

const SYSCTL = {
  allow: "net.inet.carp.allow",
  preempt: "net.inet.carp.preempt",
  log: "net.inet.carp.log",
  dscp: "net.inet.carp.dscp",
  demotion: "net.inet.carp.demotion",
  ifdown: "net.inet.carp.ifdown_demotion_factor",
  senderr: "net.inet.carp.senderr_demotion_factor",
  pfsync: "net.pfsync.carp_demotion_factor",
} as const;

export class Carp14 implements HostCarp, Carp14Knobs {
  allow = 1;
  preempt = 0;
  demotion = 0;
  ifdownFactor = CARP_MAXSKEW;
  private log = 1;
  private dscp = 56;
  private senderrFactor = CARP_MAXSKEW;
  private pfsyncFactor = CARP_MAXSKEW;
  readonly vifs: CarpVhid14[];

  constructor(private readonly env: CarpEnv, spec: ResolvedHost) {
    this.vifs = spec.carp.map((m) => new CarpVhid14(env, this, m));
  }

  reset(preempt: boolean): void {
    this.allow = 1;
    this.preempt = preempt ? 1 : 0;
    this.demotion = 0;
    this.ifdownFactor = CARP_MAXSKEW;
    this.log = 1;
    this.dscp = 56;
    this.senderrFactor = CARP_MAXSKEW;
    this.pfsyncFactor = CARP_MAXSKEW;
  }

  attach(): void {
    for (const v of this.vifs) v.attach();
  }

  halt(reason: string): void {
    for (const v of this.vifs) v.halt(reason);
  }

  parentChanged(parent: string): void {
    for (const v of this.vifs) if (v.parent === parent) v.scState();
  }

  demoteAdj(adj: number, reason: string): void {
    const from = this.demotion;
    this.demotion += adj;
    this.env.engine.emit({ type: "carp.demotion", host: this.env.hostName, from, to: this.demotion, reason });
    // carp_send_ad_all runs from a taskqueue: right after, at the same instant.
    this.env.engine.after(0, this.sendAll);
  }

  private readonly sendAll = (): void => {
    for (const v of this.vifs) v.advertiseIfMaster();
  };

  pfsyncBulk(running: boolean, reason: string): void {
    this.demoteAdj(running ? this.pfsyncFactor : -this.pfsyncFactor, reason);
  }

  sysctlNames(): readonly string[] {
    return Object.values(SYSCTL);
  }

  readSysctl(name: string): number | undefined {
    switch (name) {
      case SYSCTL.allow: return this.allow;
      case SYSCTL.preempt: return this.preempt;
      case SYSCTL.log: return this.log;
      case SYSCTL.dscp: return this.dscp;
      case SYSCTL.demotion: return this.demotion;
      case SYSCTL.ifdown: return this.ifdownFactor;
      case SYSCTL.senderr: return this.senderrFactor;
      case SYSCTL.pfsync: return this.pfsyncFactor;
      default: return undefined;
    }
  }

  writeSysctl(name: string, value: number): boolean {
    if (!Number.isInteger(value)) return false;
    switch (name) {
      case SYSCTL.demotion: this.demoteAdj(value, "sysctl"); return true;
      case SYSCTL.preempt: this.preempt = value; return true;
      case SYSCTL.log: this.log = value; return true;
      case SYSCTL.ifdown: this.ifdownFactor = value; return true;
      case SYSCTL.senderr: this.senderrFactor = value; return true;
      case SYSCTL.pfsync: this.pfsyncFactor = value; return true;
      case SYSCTL.dscp:
        if (value < 0 || value > 63) return false;
        this.dscp = value;
        return true;
      case SYSCTL.allow: {
        const changed = this.allow !== value;
        this.allow = value;
        if (changed) for (const v of this.vifs) v.scState();
        return true;
      }
      default: return false;
    }
  }

  private find(iface: string, vhid: number | undefined): CarpVhid14 | undefined {
    return this.vifs.find((v) => v.parent === iface && (vhid === undefined || v.vhid === vhid));
  }

  setAdvskew(iface: string, vhid: number | undefined, advskew: number): boolean {
    // 14.x ifconfig needs the vhid: `ifconfig lagg0 vhid 1 advskew 100`.
    if (vhid === undefined) return false;
    return this.find(iface, vhid)?.setAdvskew(advskew) ?? false;
  }

  setState(iface: string, vhid: number, state: "master" | "backup"): boolean {
    const v = this.find(iface, vhid);
    if (!v) return false;
    v.requestState(state);
    return true;
  }

  setAdmin(): boolean | undefined {
    return undefined;
  }

  carpState(iface: string, vhid: number | undefined): CarpState | undefined {
    return vhid === undefined ? undefined : this.find(iface, vhid)?.state;
  }

  linkState(): LinkState | undefined {
    return undefined;
  }
}
