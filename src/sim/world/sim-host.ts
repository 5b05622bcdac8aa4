// One simulated FreeBSD host: its interfaces, CARP (14.x vhids or 8.1 carpN), pf and its state table,
// pfsync, services and daemons, powered on and off through rc's stages (host-power.ts). It implements
// CommandTarget, the surface the commands ifstated runs act on.

import { parsePf } from "../../formats/pf/parse.js";
import type { PfRuleset } from "../../formats/pf/ast.js";
import { pfsyncPeer, syncInterface } from "../../generate/host/host-lookup.js";
import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import { Carp14 } from "../carp/carp-14.js";
import { Carp81 } from "../carp/carp-81.js";
import type { CarpEnv, CarpVif, HostCarp } from "../carp/carp-env.js";
import type { Engine } from "../engine/engine.js";
import type { CarpState, CommandTarget, LinkState } from "../host-api.js";
import type { FrameHost } from "../net/frame-bus.js";
import { HostNet } from "../net/host-net.js";
import { PfFilter } from "../net/pf-filter.js";
import { PfStateTable } from "../net/pf-states.js";
import { Pfsync } from "../net/pfsync.js";
import { HostPower, type PowerState } from "./host-power.js";
import { ServiceTable } from "./services.js";
import type { HostDaemon, WorldContext } from "./world-context.js";

export interface HookRun {
  readonly tUs: number;
  readonly name: string;
  readonly status: number;
}

export class SimHost implements CommandTarget, CarpEnv, FrameHost {
  readonly hostName: string;
  readonly engine: Engine;
  readonly net: HostNet;
  readonly carp: HostCarp;
  readonly pf: PfFilter;
  readonly states = new PfStateTable();
  readonly pfsync: Pfsync | undefined;
  readonly services: ServiceTable;
  readonly power: HostPower;
  readonly hookRuns: HookRun[] = [];
  daemons: readonly HostDaemon[] = [];
  private readonly hooks = new Map<string, () => number>();
  private readonly addresses: ReadonlySet<string>;
  private readonly blockedFrames = new Set<string>();
  private nextPort = 49152;

  constructor(
    readonly world: WorldContext,
    readonly spec: ResolvedHost,
    /** The generated files of this host, by absolute path. */
    readonly files: ReadonlyMap<string, string>,
  ) {
    this.hostName = spec.name;
    this.engine = world.engine;
    const lab = world.lab;
    this.net = new HostNet(this.engine, spec.name, spec, world.lacpTimeoutUs, {
      linkChanged: (iface) => this.power.notifyLink(iface),
      interfaceChanged: (iface) => this.carp.parentChanged(iface),
    });
    this.carp = lab.release === "8.1" ? new Carp81(this, spec) : new Carp14(this, spec);
    this.pf = new PfFilter(parsePfFile(spec.name, files.get("/etc/pf.conf")), { interfaceAddresses: interfaceAddresses(lab, spec, this.carp) });
    this.addresses = new Set(spec.interfaces.map((i) => i.address));
    this.pfsync = createPfsync(world, lab, spec, this);
    this.services = new ServiceTable(this.engine, spec.name, spec, (service, from, to) =>
      world.notify({ type: "service", host: spec.name, service, from, to }));
    this.power = new HostPower(this);
  }

  get release(): ResolvedLab["release"] {
    return this.world.lab.release;
  }

  get state(): PowerState {
    return this.power.state;
  }

  /** A generated file of this host ("/usr/local/etc/ifstated.conf"). */
  file(path: string): string | undefined {
    return this.files.get(path);
  }

  /** The next issue's services implement hooks (mysql-promote, mysql-fence); unknown hooks exit 0. */
  setHook(name: string, run: () => number): void {
    this.hooks.set(name, run);
  }

  vif(group: string): CarpVif | undefined {
    return this.carp.vifs.find((v) => v.group === group);
  }

  ownsAddress(address: string): boolean {
    return address === "127.0.0.1" || this.addresses.has(address);
  }

  /** An ephemeral source port for a new connection (49152 and up, as FreeBSD's default range). */
  allocatePort(): number {
    const p = this.nextPort;
    this.nextPort = p >= 65535 ? 49152 : p + 1;
    return p;
  }

  // --- FrameHost and CarpEnv --------------------------------------------------------------------

  interfaceUp(iface: string): boolean {
    return this.net.operational(iface);
  }

  parentUp(parent: string): boolean {
    return this.power.netUp && this.net.operational(parent);
  }

  sendAdvert(vif: CarpVif, advbase: number, advskew: number): void {
    this.world.sendAdvert(this, vif, advbase, advskew);
  }

  announce(vif: CarpVif): void {
    this.world.arp.claim(vif.group, this.hostName, "gratuitous ARP from the new MASTER");
  }

  stateChanged(vif: CarpVif, from: CarpState, _to: CarpState, reason: string): void {
    if (from === "MASTER") this.world.arp.release(vif.group, this.hostName, `${this.hostName} left MASTER (${reason})`);
    if (this.release === "8.1") this.power.notifyLink(vif.iface);
  }

  /** pf on `iface` lets a frame of proto in; the first block of each kind is a pf.block event. */
  acceptsFrame(proto: string, iface: string, src: string, dst: string): boolean {
    const d = this.pf.decide({ direction: "in", interface: iface, proto, src, dst });
    if (d.pass) return true;
    const key = `${proto}|${iface}|${src}`;
    if (!this.blockedFrames.has(key)) {
      this.blockedFrames.add(key);
      this.engine.emit({ type: "pf.block", host: this.hostName, iface, proto, src, dst, port: null, rule: d.rule ?? "" });
    }
    return false;
  }

  // --- CommandTarget ----------------------------------------------------------------------------

  sysctl(name: string, value: number): boolean {
    if (this.state === "off" || !this.carp.writeSysctl(name, value)) return false;
    this.engine.emit({ type: "sysctl", host: this.hostName, name, value });
    return true;
  }

  readSysctl(name: string): number | undefined {
    return this.state === "off" ? undefined : this.carp.readSysctl(name);
  }

  setCarpState(iface: string, vhid: number, state: "master" | "backup"): boolean {
    return this.state !== "off" && this.carp.setState(iface, vhid, state);
  }

  setAdvskew(iface: string, vhid: number | undefined, advskew: number): boolean {
    return this.state !== "off" && this.carp.setAdvskew(iface, vhid, advskew);
  }

  setInterfaceAdmin(iface: string, up: boolean): boolean {
    if (this.state === "off") return false;
    return this.carp.setAdmin(iface, up) ?? this.net.setAdmin(iface, up, up ? "ifconfig up" : "ifconfig down");
  }

  carpState(iface: string, vhid: number | undefined): CarpState | undefined {
    return this.carp.carpState(iface, vhid);
  }

  linkState(iface: string): LinkState | undefined {
    return this.carp.linkState(iface) ?? this.net.linkState(iface);
  }

  portOpen(port: number, address = "127.0.0.1"): boolean {
    if (this.state === "off") return false;
    if (this.ownsAddress(address)) return this.services.listener(port, address) !== undefined;
    const vif = this.carp.vifs.find((v) => v.vip === address);
    if (vif?.state === "MASTER") return this.services.listener(port, address) !== undefined;
    return this.world.connect(this.hostName, address, port).ok;
  }

  runHook(name: string): number {
    const status = this.hooks.get(name)?.() ?? 0;
    this.hookRuns.push({ tUs: this.engine.now, name, status });
    this.engine.emit({ type: "hook.run", host: this.hostName, hook: name, status });
    return status;
  }

  log(tag: string, message: string): void {
    this.engine.emit({ type: "syslog", host: this.hostName, tag, message }, "protocol");
  }
}

function parsePfFile(host: string, text: string | undefined): PfRuleset | undefined {
  if (text === undefined) return undefined;
  const parsed = parsePf(text);
  if (!parsed.ok) throw new Error(`${host}: the generated /etc/pf.conf does not parse: ${parsed.errors.map((e) => `${e.line}:${e.column} ${e.message}`).join("; ")}`);
  return parsed.value;
}

/** What pf's `self` and `(iface)` mean: interface addresses, plus the VIPs on their interface. */
function interfaceAddresses(lab: ResolvedLab, spec: ResolvedHost, carp: HostCarp): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const i of spec.interfaces) (out[i.name] ??= []).push(i.address);
  for (const v of carp.vifs) (out[lab.release === "8.1" ? v.iface : v.parent] ??= []).push(v.vip);
  return out;
}

function createPfsync(world: WorldContext, lab: ResolvedLab, spec: ResolvedHost, self: SimHost): Pfsync | undefined {
  if (!spec.services.some((s) => s.kind === "pfsync")) return undefined;
  const own = syncInterface(lab, spec);
  const peer = pfsyncPeer(lab, spec);
  if (!own || !peer) return undefined;
  // pfsync_ifconfig="defer" in the generated rc.conf (14.x; 8.x's pfsync has no defer)
  const defer = /^pfsync_ifconfig="[^"]*\bdefer\b/m.test(self.files.get("/etc/rc.conf") ?? "");
  return new Pfsync(world.engine, world.bus, self, { iface: own.name, network: own.network, address: own.address, peer: peer.host, peerAddress: peer.address, defer }, (h) => world.pfsyncOf(h));
}
