// What a simulated host needs from the world around it: the engine, the wire, the ARP table of the
// VIPs, boot timings, and world-level operations (advertisements to peers, connections, pfsync peers).

import type { ResolvedLab } from "../../model/types.js";
import type { CarpVif } from "../carp/carp-env.js";
import type { Engine } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";
import type { ArpTable } from "../net/arp-table.js";
import type { FrameBus } from "../net/frame-bus.js";
import type { Pfsync } from "../net/pfsync.js";
import type { RcTimings } from "./rc-timings.js";
import type { SimHost } from "./sim-host.js";

/** A process the world starts last in rc (ifstated) and stops on power-off. */
export interface HostDaemon {
  start(): void;
  stop(): void;
  /** A link state the daemon may watch changed (NIC, LAGG, 8.1 carpN), delivered like a routing message. */
  linkChanged(iface: string): void;
}

export interface ConnectResult {
  readonly ok: boolean;
  readonly reason: string;
  readonly blockedBy?: { readonly host: string; readonly rule: string };
  /** The host that accepted (or refused) the connection. */
  readonly host?: string;
  /** The pf state created on that host ("tcp SRC:PORT -> DST:PORT"). */
  readonly state?: string;
  /** Accepted by a hung service: the handshake completes, no answer ever comes. */
  readonly hung?: boolean;
}

/** What World.watch() reports: a service changed state, or a host's power state changed. */
export type WorldChange =
  | { readonly type: "service"; readonly host: string; readonly service: string; readonly from: string; readonly to: string }
  | { readonly type: "power"; readonly host: string; readonly from: string; readonly to: string };

export interface WorldContext {
  notify(change: WorldChange): void;
  readonly engine: Engine;
  readonly lab: ResolvedLab;
  readonly bus: FrameBus;
  readonly arp: ArpTable;
  readonly timings: RcTimings;
  readonly lacpTimeoutUs: Micros;
  sendAdvert(host: SimHost, vif: CarpVif, advbase: number, advskew: number): void;
  connect(fromHost: string, toAddress: string, port: number): ConnectResult;
  pfsyncOf(host: string): Pfsync | undefined;
}
