// The CARP side of a FreeBSD 8.1 host: carpN pseudo-interfaces named the way the generated rc.conf
// names them (carpInterface81), and the 8.x sysctls: allow, preempt, log, arpbalance and the
// read-only suppress_preempt counter (parent link loss, pfsync bulk update) that plays the role of
// 14.x's demotion. There is no net.inet.carp.demotion on 8.x.

import { carpInterface81 } from "../../generate/host/host-lookup.js";
import type { ResolvedHost } from "../../model/types.js";
import type { CarpState, LinkState } from "../host-api.js";
import type { CarpEnv, HostCarp } from "./carp-env.js";
import { CarpIf81, type Carp81Knobs } from "./carpif-81.js";

const SYSCTL = {
  allow: "net.inet.carp.allow",
  preempt: "net.inet.carp.preempt",
  log: "net.inet.carp.log",
  arpbalance: "net.inet.carp.arpbalance",
  suppress: "net.inet.carp.suppress_preempt",
} as const;

export class Carp81 implements HostCarp, Carp81Knobs {
  allow = 1;
  preempt = 0;
  suppress = 0;
  private log = 1;
  private arpbalance = 0;
  readonly vifs: CarpIf81[];

  constructor(private readonly env: CarpEnv, spec: ResolvedHost) {
    this.vifs = spec.carp.map((m) => new CarpIf81(env, this, m, carpInterface81(spec, m)));
  }

  reset(preempt: boolean): void {
    this.allow = 1;
    this.preempt = preempt ? 1 : 0;
    this.suppress = 0;
    this.log = 1;
    this.arpbalance = 0;
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

  suppressAdj(delta: number, reason: string, sendAll: boolean): void {
    const from = this.suppress;
    this.suppress += delta;
    this.env.engine.emit({ type: "carp.demotion", host: this.env.hostName, from, to: this.suppress, reason: `suppress_preempt: ${reason}` });
    if (sendAll && delta > 0 && this.suppress === 1) this.env.engine.after(0, this.sendAll);
  }

  private readonly sendAll = (): void => {
    for (const v of this.vifs) v.advertiseIfMaster();
  };

  pfsyncBulk(running: boolean, reason: string): void {
    this.suppressAdj(running ? 1 : -1, reason, false);
  }

  sysctlNames(): readonly string[] {
    return Object.values(SYSCTL);
  }

  readSysctl(name: string): number | undefined {
    switch (name) {
      case SYSCTL.allow: return this.allow;
      case SYSCTL.preempt: return this.preempt;
      case SYSCTL.log: return this.log;
      case SYSCTL.arpbalance: return this.arpbalance;
      case SYSCTL.suppress: return this.suppress;
      default: return undefined;
    }
  }

  /** 8.x's allow is a plain integer: carp_input drops advertisements while it is 0, state stays. */
  writeSysctl(name: string, value: number): boolean {
    if (!Number.isInteger(value)) return false;
    switch (name) {
      case SYSCTL.allow: this.allow = value; return true;
      case SYSCTL.preempt: this.preempt = value; return true;
      case SYSCTL.log: this.log = value; return true;
      case SYSCTL.arpbalance: this.arpbalance = value; return true;
      default: return false;
    }
  }

  private find(iface: string, vhid: number | undefined): CarpIf81 | undefined {
    return this.vifs.find((v) => v.iface === iface && (vhid === undefined || v.vhid === vhid));
  }

  setAdvskew(iface: string, vhid: number | undefined, advskew: number): boolean {
    return this.find(iface, vhid)?.setAdvskew(advskew) ?? false;
  }

  /** 8.x ifconfig has no `state master|backup`. */
  setState(): boolean {
    return false;
  }

  setAdmin(iface: string, up: boolean): boolean | undefined {
    const v = this.find(iface, undefined);
    if (!v) return undefined;
    v.setAdmin(up);
    return true;
  }

  carpState(iface: string, vhid: number | undefined): CarpState | undefined {
    return this.find(iface, vhid)?.state;
  }

  linkState(iface: string): LinkState | undefined {
    return this.find(iface, undefined)?.linkState;
  }
}
