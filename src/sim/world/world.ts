// The simulated cluster: every host of the resolved lab on L2 segments (one per lab network), with
// LAGG, CARP, pf, pfsync, services and the daemons the caller plugs in (ifstated). buildWorld() wires
// it on an Engine; the World powers hosts on, answers questions (VIP owner, CARP states, connections)
// and takes every fault of src/faults/target.ts.

import type { Artifact } from "../../generate/artifact.js";
import type { Provider } from "../../generate/context.js";
import type { ResolvedCarpGroup, ResolvedLab } from "../../model/types.js";
import type { FaultTarget, ServiceFaultState } from "../../faults/target.js";
import type { CarpVif } from "../carp/carp-env.js";
import type { Engine } from "../engine/engine.js";
import { mixSeed, Rng } from "../engine/rng.js";
import type { Micros } from "../engine/time.js";
import type { CarpState } from "../host-api.js";
import { ArpTable } from "../net/arp-table.js";
import { FrameBus } from "../net/frame-bus.js";
import { LACP_FAST_TIMEOUT_US, LACP_SLOW_TIMEOUT_US } from "../net/lagg.js";
import { PathPolicy } from "../net/path-policy.js";
import type { Pfsync } from "../net/pfsync.js";
import type { PfStateEntry } from "../net/pf-states.js";
import { DEFAULT_LINK_LATENCY_US, Segment } from "../net/segment.js";
import { CarpWires } from "./carp-wires.js";
import { connectTcp, probeTcp, type ConnectWorld } from "./connect.js";
import { generateHostFiles, indexHostFiles, type HostFiles } from "./host-files.js";
import { DEFAULT_BOOT_TIME_US, rcTimings, type RcTimings } from "./rc-timings.js";
import { SimHost } from "./sim-host.js";
import type { ConnectResult, HostDaemon, WorldChange, WorldContext } from "./world-context.js";

export type { ConnectResult, HostDaemon, WorldChange } from "./world-context.js";
export { INTERNET, INTERNET_CLIENT_ADDRESS } from "./connect.js";
export { SimHost } from "./sim-host.js";

export interface WorldOptions {
  /** The daemons of a host, started last in rc (ifstated) and stopped on power off. */
  daemons?: (host: SimHost) => HostDaemon[];
  /** Power on -> host running (ifstated started); default 20 s. */
  bootTimeUs?: Micros;
  /**
   * Hosts are switched on at seeded random moments in [0, this) instead of all at t=0, so their
   * timers (ifstated checks, CARP advertisements) do not tick in lockstep; default 0.
   */
  powerOnSpreadUs?: Micros;
  /** Per-frame latency on every segment; default 100 µs. */
  linkLatencyUs?: Micros;
  /** LACP timeout when a partner goes silent: true 3 s (lacp_fast_timeout), default false 90 s. */
  lacpFastTimeout?: boolean;
  /** Provider the host files are generated for (default virtualbox), or the artifacts themselves. */
  provider?: Provider;
  files?: readonly Artifact[];
}

export interface CarpViewEntry {
  readonly group: string;
  readonly vhid: number;
  readonly host: string;
  readonly state: CarpState;
}

/** The fault calls the services plane (src/sim/services) carries out for the world. */
export type DataFaultTarget = Pick<FaultTarget, "failDisk" | "replaceDisk" | "setDiskSlow" | "setPoolFull" | "setReplica" | "setStorageLinks" | "setStorageLinkRate" | "storagePromote">;

export interface World extends FaultTarget {
  /** Set by the services plane: it carries out the disk, pool, MySQL and storage faults. */
  dataTarget: DataFaultTarget | undefined;
  readonly lab: ResolvedLab;
  readonly engine: Engine;
  readonly timings: RcTimings;
  /** One-way latency of a frame on a segment (without link-delay faults). */
  readonly linkLatencyUs: Micros;
  /** Power on every host now (t=0): boot time, rc order, services, ifstated last. */
  start(): void;
  host(name: string): SimHost;
  hosts(): readonly SimHost[];
  /** The host that receives the VIP's traffic (last gratuitous ARP / MASTER advertisement), if any. */
  vipOwner(group: string): string | undefined;
  carpView(): CarpViewEntry[];
  /** A new TCP connection attempt, routed over the segments and checked by both hosts' pf. */
  connect(fromHost: string, toAddress: string, port: number): ConnectResult;
  /**
   * Would a connection succeed now? Same checks as connect() without side effects (no pf state, no
   * event); `fromHost` may be INTERNET (a client outside the lab, public networks only).
   */
  probe(fromHost: string, toAddress: string, port: number): ConnectResult;
  /** Calls `listener` on every service state change and host power change; returns the unsubscribe. */
  watch(listener: (change: WorldChange) => void): () => void;
  /** pf's state table of a host (own states and those received over pfsync). */
  pfStates(host: string): PfStateEntry[];
  /** Fault hook beyond FaultTarget: the LACP partner of a LAGG port goes silent while the link stays up. */
  setLacpPartnerSilent(host: string, lagg: string, port: string, silent: boolean): void;
}

function names(list: Iterable<string>): string {
  return [...list].sort().join(", ");
}

class SimWorld implements World, WorldContext, ConnectWorld {
  readonly timings: RcTimings;
  readonly linkLatencyUs: Micros;
  readonly lacpTimeoutUs: Micros;
  readonly bus: FrameBus;
  readonly arp: ArpTable;
  private readonly segments = new Map<string, Segment>();
  private readonly byName = new Map<string, SimHost>();
  private readonly list: SimHost[] = [];
  private readonly addressIndex = new Map<string, { host: SimHost; iface: string; network: string }>();
  private readonly vips = new Map<string, ResolvedCarpGroup>();
  private readonly groups = new Map<string, ResolvedCarpGroup>();
  private readonly carpWires: CarpWires;
  private readonly watchers: ((change: WorldChange) => void)[] = [];
  private readonly networkKinds = new Map<string, string>();
  private readonly powerOnSpreadUs: Micros;

  constructor(readonly lab: ResolvedLab, readonly engine: Engine, options: WorldOptions) {
    this.timings = rcTimings(options.bootTimeUs ?? DEFAULT_BOOT_TIME_US);
    this.linkLatencyUs = options.linkLatencyUs ?? DEFAULT_LINK_LATENCY_US;
    this.powerOnSpreadUs = options.powerOnSpreadUs ?? 0;
    this.lacpTimeoutUs = options.lacpFastTimeout ? LACP_FAST_TIMEOUT_US : LACP_SLOW_TIMEOUT_US;
    for (const n of lab.networks) {
      this.segments.set(n.name, new Segment(n.name, options.linkLatencyUs ?? DEFAULT_LINK_LATENCY_US));
      this.networkKinds.set(n.name, n.kind);
    }
    this.bus = new FrameBus(engine, new PathPolicy(), this.segments);
    for (const g of lab.carp) {
      this.groups.set(g.name, g);
      this.vips.set(g.address, g);
    }
    this.arp = new ArpTable(engine, new Map(lab.carp.map((g) => [g.name, g.address])));
    const files: HostFiles = options.files ? indexHostFiles(options.files) : generateHostFiles(lab, options.provider);
    for (const spec of lab.hosts) {
      const host = new SimHost(this, spec, files.get(spec.name) ?? new Map());
      this.byName.set(spec.name, host);
      this.list.push(host);
      for (const i of spec.interfaces) this.addressIndex.set(i.address, { host, iface: i.name, network: i.network });
    }
    this.carpWires = new CarpWires(engine, this.bus, this.arp, this.list, (network) => this.segmentNamed(network), this.groups);
    if (options.daemons) for (const h of this.list) h.daemons = options.daemons(h);
  }

  // --- WorldContext / ConnectWorld ----------------------------------------------------------------

  sendAdvert(host: SimHost, vif: CarpVif, advbase: number, advskew: number): void {
    this.carpWires.send(host, vif, advbase, advskew);
  }

  pfsyncOf(host: string): Pfsync | undefined {
    return this.byName.get(host)?.pfsync;
  }

  addressOwner(address: string) {
    return this.addressIndex.get(address);
  }

  vipGroup(address: string): ResolvedCarpGroup | undefined {
    return this.vips.get(address);
  }

  networkKind(network: string): string | undefined {
    return this.networkKinds.get(network);
  }

  notify(change: WorldChange): void {
    // A copy: a watcher may unsubscribe itself while being called.
    for (const w of [...this.watchers]) w(change);
  }

  // --- World --------------------------------------------------------------------------------------

  start(): void {
    if (this.powerOnSpreadUs <= 0) {
      for (const h of this.list) h.power.powerOn("power on");
      return;
    }
    // Its own stream, so the spread does not shift the engine's other random draws.
    const rng = new Rng(mixSeed(this.engine.seed ^ 0x0b007));
    for (const h of this.list) {
      const atUs = rng.int(0, this.powerOnSpreadUs - 1);
      h.power.expectPowerOn();
      this.engine.at(atUs, () => h.power.powerOn("power on"));
    }
  }

  host(name: string): SimHost {
    const h = this.byName.get(name);
    if (!h) throw new Error(`unknown host ${name}; hosts: ${names(this.byName.keys())}`);
    return h;
  }

  hosts(): readonly SimHost[] {
    return this.list;
  }

  vipOwner(group: string): string | undefined {
    if (!this.groups.has(group)) throw new Error(`unknown CARP group ${group}; groups: ${names(this.groups.keys())}`);
    return this.arp.owner(group);
  }

  carpView(): CarpViewEntry[] {
    return this.list
      .flatMap((h) => h.carp.vifs.map((v) => ({ group: v.group, vhid: v.vhid, host: h.hostName, state: v.state })))
      .sort((a, b) => (a.group === b.group ? (a.host < b.host ? -1 : 1) : a.group < b.group ? -1 : 1));
  }

  connect(fromHost: string, toAddress: string, port: number): ConnectResult {
    return connectTcp(this, fromHost, toAddress, port);
  }

  probe(fromHost: string, toAddress: string, port: number): ConnectResult {
    return probeTcp(this, fromHost, toAddress, port);
  }

  watch(listener: (change: WorldChange) => void): () => void {
    this.watchers.push(listener);
    return () => {
      const i = this.watchers.indexOf(listener);
      if (i >= 0) this.watchers.splice(i, 1);
    };
  }

  pfStates(host: string): PfStateEntry[] {
    return this.host(host).states.list();
  }

  setLacpPartnerSilent(host: string, lagg: string, port: string, silent: boolean): void {
    const h = this.host(host);
    const l = h.net.laggs.get(lagg);
    if (!l) throw new Error(`${host} has no LAGG ${lagg}; LAGGs: ${names(h.net.laggs.keys())}`);
    if (!l.ports.some((p) => p.name === port)) throw new Error(`${lagg} on ${host} has no port ${port}; ports: ${names(l.ports.map((p) => p.name))}`);
    h.net.setLacpPartnerSilent(lagg, port, silent);
  }

  // --- FaultTarget --------------------------------------------------------------------------------

  powerOff(host: string): void {
    this.host(host).power.halt("power off");
  }

  powerOn(host: string): void {
    this.host(host).power.powerOn("power on");
  }

  crash(host: string): void {
    this.host(host).power.halt("crash");
  }

  reboot(host: string): void {
    const h = this.host(host);
    h.power.halt("reboot");
    h.power.powerOn("reboot");
  }

  setNicLink(host: string, nic: string, up: boolean): void {
    const h = this.host(host);
    if (!h.net.nics.has(nic)) throw new Error(`${host} has no NIC ${nic}; NICs: ${names(h.net.nics.keys())}`);
    h.net.setCables([nic], up, up ? "fault healed: cable in" : "fault: cable out");
  }

  setLaggLinks(host: string, lagg: string, up: boolean): void {
    const h = this.host(host);
    const l = h.net.laggs.get(lagg);
    if (!l) throw new Error(`${host} has no LAGG ${lagg}; LAGGs: ${names(h.net.laggs.keys())}`);
    h.net.setCables(l.ports.map((p) => p.name), up, up ? "fault healed: cables in" : "fault: every port's cable out");
  }

  partition(groups: readonly (readonly string[])[]): void {
    for (const g of groups) for (const h of g) this.host(h);
    this.bus.policy.partition(groups);
  }

  healPartition(): void {
    this.bus.policy.healPartition();
  }

  setLinkLoss(network: string, percent: number): void {
    if (!(percent >= 0 && percent <= 100)) throw new RangeError(`loss must be 0-100 %, got ${percent}`);
    this.segmentNamed(network).lossPercent = percent;
  }

  setLinkDelay(network: string, delayMs: number): void {
    if (!(delayMs >= 0)) throw new RangeError(`delay must be >= 0 ms, got ${delayMs}`);
    this.segmentNamed(network).extraDelayUs = Math.round(delayMs * 1000);
  }

  setOneWayCut(from: string, to: string, cut: boolean): void {
    this.host(from);
    this.host(to);
    this.bus.policy.setCut(from, to, cut);
  }

  setService(host: string, service: string, state: ServiceFaultState): void {
    const h = this.host(host);
    if (!h.services.get(service)) throw new Error(`${host} runs no service ${service}; services: ${names(h.services.names())}`);
    h.power.whenBooted(() => {
      h.services.set(service, state, `fault: ${state}`);
      // a hung pf or pfsync is kernel code: it keeps working
      h.power.serviceChanged(service, state === "running" || (state === "hung" && service !== "ifstated"));
    });
  }

  sysctl(host: string, name: string, value: number): void {
    const h = this.host(host);
    if (!h.carp.sysctlNames().includes(name)) throw new Error(`unknown sysctl ${name} on FreeBSD ${this.lab.release}; known: ${names(h.carp.sysctlNames())}`);
    h.power.whenUp(() => h.sysctl(name, value));
  }

  /** 14.x: net.inet.carp.demotion += n. 8.1 has no demotion sysctl: each carpN's advskew moves by n. */
  carpDemote(host: string, n: number): void {
    const h = this.host(host);
    h.power.whenUp(() => {
      if (this.lab.release !== "8.1") h.sysctl("net.inet.carp.demotion", n);
      else for (const v of h.carp.vifs) h.setAdvskew(v.iface, undefined, Math.min(254, Math.max(0, v.advskew + n)));
    });
  }

  // --- data faults: carried out by the services plane attached to this world ---------------------

  dataTarget: DataFaultTarget | undefined;

  private data(): DataFaultTarget {
    if (!this.dataTarget) throw new Error("this simulated world runs no services plane (disks, pools, MySQL, storage): start it with startSimulation()");
    return this.dataTarget;
  }

  failDisk(host: string, disk: string): void { this.data().failDisk(host, disk); }
  replaceDisk(host: string, disk: string): void { this.data().replaceDisk(host, disk); }
  setDiskSlow(host: string, disk: string, factor: number): void { this.data().setDiskSlow(host, disk, factor); }
  setPoolFull(host: string, pool: string, full: boolean): void { this.data().setPoolFull(host, pool, full); }
  setReplica(host: string, running: boolean): void { this.data().setReplica(host, running); }
  setStorageLinks(host: string, up: boolean): void { this.data().setStorageLinks(host, up); }
  setStorageLinkRate(host: string, mbitPerS: number | null): void { this.data().setStorageLinkRate(host, mbitPerS); }
  storagePromote(host: string, promote: boolean): void { this.data().storagePromote(host, promote); }

  private segmentNamed(network: string): Segment {
    const s = this.segments.get(network);
    if (!s) throw new Error(`unknown network ${network}; networks: ${names(this.segments.keys())}`);
    return s;
  }
}

export function buildWorld(lab: ResolvedLab, engine: Engine, options: WorldOptions = {}): World {
  return new SimWorld(lab, engine, options);
}
