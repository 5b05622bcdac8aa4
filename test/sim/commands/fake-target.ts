// A CommandTarget for tests: sysctls, links, CARP states, open ports and hooks that a test flips by
// hand, recording every call. Link changes are reported to an attached listener (the daemon), the
// way the network model will. 14.x CARP: carp["lagg1/3"]; 8.1: carp["carp0"] and its link follows it.
import type { CarpState, CommandTarget, LinkState } from "../../../src/sim/host-api.js";

export class FakeTarget implements CommandTarget {
  readonly sysctls = new Map<string, number>([
    ["net.inet.carp.demotion", 0],
    ["net.inet.carp.preempt", 1],
  ]);
  readonly links = new Map<string, LinkState>();
  readonly carp = new Map<string, CarpState>();
  readonly advskews = new Map<string, number>();
  readonly admin = new Map<string, boolean>();
  readonly openPorts = new Set<string>();
  readonly hooks: string[] = [];
  readonly logs: { tag: string; message: string }[] = [];
  readonly calls: string[] = [];
  hookStatus = 0;
  onLinkChange: ((iface: string) => void) | undefined;

  constructor(readonly hostName = "fake01") {}

  /** ports: "80" (any address) or "3306@10.0.20.21". */
  open(...ports: string[]): this {
    for (const p of ports) this.openPorts.add(p);
    return this;
  }

  close(...ports: string[]): this {
    for (const p of ports) this.openPorts.delete(p);
    return this;
  }

  setLink(iface: string, state: LinkState): void {
    if (this.links.get(iface) === state) return;
    this.links.set(iface, state);
    this.onLinkChange?.(iface);
  }

  /** 14.x: setCarp("lagg1", 3, "MASTER"); 8.1: setCarp("carp0", undefined, "MASTER") also moves carp0's link. */
  setCarp(iface: string, vhid: number | undefined, state: CarpState): void {
    this.carp.set(key(iface, vhid), state);
    if (vhid === undefined) this.setLink(iface, state === "MASTER" ? "up" : state === "BACKUP" ? "down" : "unknown");
  }

  sysctl(name: string, value: number): boolean {
    this.calls.push(`sysctl ${name}=${value}`);
    const old = this.sysctls.get(name);
    if (old === undefined) return false;
    this.sysctls.set(name, name === "net.inet.carp.demotion" ? old + value : value);
    return true;
  }

  readSysctl(name: string): number | undefined {
    return this.sysctls.get(name);
  }

  setCarpState(iface: string, vhid: number, state: "master" | "backup"): boolean {
    this.calls.push(`carp ${iface} ${vhid} ${state}`);
    if (!this.carp.has(key(iface, vhid))) return false;
    this.carp.set(key(iface, vhid), state === "master" ? "MASTER" : "BACKUP");
    return true;
  }

  setAdvskew(iface: string, vhid: number | undefined, advskew: number): boolean {
    this.calls.push(`advskew ${key(iface, vhid)} ${advskew}`);
    if (!this.carp.has(key(iface, vhid))) return false;
    this.advskews.set(key(iface, vhid), advskew);
    return true;
  }

  setInterfaceAdmin(iface: string, up: boolean): boolean {
    this.calls.push(`admin ${iface} ${up ? "up" : "down"}`);
    if (!this.links.has(iface)) return false;
    this.admin.set(iface, up);
    return true;
  }

  carpState(iface: string, vhid: number | undefined): CarpState | undefined {
    return this.carp.get(key(iface, vhid));
  }

  linkState(iface: string): LinkState | undefined {
    return this.links.get(iface);
  }

  portOpen(port: number, address?: string): boolean {
    this.calls.push(`port ${port}${address ? `@${address}` : ""}`);
    return this.openPorts.has(address ? `${port}@${address}` : String(port));
  }

  runHook(name: string): number {
    this.calls.push(`hook ${name}`);
    this.hooks.push(name);
    return this.hookStatus;
  }

  log(tag: string, message: string): void {
    this.logs.push({ tag, message });
  }
}

function key(iface: string, vhid: number | undefined): string {
  return vhid === undefined ? iface : `${iface}/${vhid}`;
}
