// A new TCP connection attempt between hosts: routed by IP reachability over the segments (the lab
// has no routers: a host reaches an address on a network it has an interface on), to the host that
// holds the address (a VIP goes to the host the switch sends its traffic to, see arp-table.ts),
// checked by the source's pf (out) and the destination's pf (in), answered by a listening service.
// A connection pf passes creates a state on the destination, which pfsync sends to its peer.

import type { ResolvedCarpGroup } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import type { ArpTable } from "../net/arp-table.js";
import type { FrameBus } from "../net/frame-bus.js";
import { stateKey, type PfStateEntry } from "../net/pf-states.js";
import type { SimHost } from "./sim-host.js";
import type { ConnectResult } from "./world-context.js";

export interface ConnectWorld {
  readonly engine: Engine;
  readonly bus: FrameBus;
  readonly arp: ArpTable;
  host(name: string): SimHost;
  /** The host and interface an interface address belongs to. */
  addressOwner(address: string): { readonly host: SimHost; readonly iface: string; readonly network: string } | undefined;
  vipGroup(address: string): ResolvedCarpGroup | undefined;
  networkKind(network: string): string | undefined;
}

const fail = (reason: string, host?: string): ConnectResult => ({ ok: false, reason, ...(host ? { host } : {}) });

function answerLocally(host: SimHost, address: string, port: number): ConnectResult {
  const svc = host.services.listener(port, address);
  if (!svc) return fail(`connection refused: nothing listens on ${address}:${port} on ${host.hostName}`, host.hostName);
  return { ok: true, reason: `connected to ${svc.name} on ${host.hostName} (local)`, host: host.hostName, ...(svc.state === "hung" ? { hung: true } : {}) };
}

/** A client on the internet: reaches addresses on "public" networks only. */
export const INTERNET = "internet";
/** The address the simulated internet clients connect from (TEST-NET-2, RFC 5737). */
export const INTERNET_CLIENT_ADDRESS = "198.51.100.7";

/**
 * Would a new connection succeed now? The same routing, links, cuts and pf rules as connectTcp, but
 * nothing changes: no pf state, no pf.block event, no port (the request models ask this per request).
 * `fromName` may be INTERNET: a client outside the lab, reaching the public networks.
 */
export function probeTcp(w: ConnectWorld, fromName: string, toAddress: string, port: number): ConnectResult {
  return fromName === INTERNET ? probeFromInternet(w, toAddress, port) : connectTcp(w, fromName, toAddress, port, true);
}

/** The host, interface and network an address is reached at: a VIP goes to its ARP owner. */
function destinationOf(w: ConnectWorld, toAddress: string): { dest: SimHost; destIface: string; network: string } | ConnectResult {
  const group = w.vipGroup(toAddress);
  if (group) {
    const owner = w.arp.owner(group.name);
    if (owner === undefined) return fail(`no host answers ARP for the ${group.name} VIP ${toAddress}`);
    const dest = w.host(owner);
    return { dest, destIface: dest.vif(group.name)!.parent, network: group.network };
  }
  const o = w.addressOwner(toAddress);
  if (!o) return fail(`no host has the address ${toAddress}`);
  return { dest: o.host, destIface: o.iface, network: o.network };
}

function probeFromInternet(w: ConnectWorld, toAddress: string, port: number): ConnectResult {
  const found = destinationOf(w, toAddress);
  if ("ok" in found) return found;
  const { dest, destIface, network } = found;
  if (w.networkKind(network) !== "public") return fail(`no route to ${toAddress} from the internet: ${network} is not a public network`);
  if (!dest.power.netUp || !dest.interfaceUp(destIface)) return fail(`host unreachable: ${dest.hostName} ${destIface} is down`, dest.hostName);
  if (w.bus.segment(network).lossPercent >= 100) return fail(`no answer: 100% frame loss on ${network}`, dest.hostName);
  const inbound = dest.pf.decide({ direction: "in", interface: destIface, proto: "tcp", src: INTERNET_CLIENT_ADDRESS, dst: toAddress, dstPort: port });
  if (!inbound.pass) return { ok: false, reason: `blocked by pf on ${dest.hostName} (${destIface}): ${inbound.rule ?? ""}`, blockedBy: { host: dest.hostName, rule: inbound.rule ?? "" }, host: dest.hostName };
  const svc = dest.services.listener(port, toAddress);
  if (!svc) return fail(`connection refused: nothing listens on ${toAddress}:${port} on ${dest.hostName}`, dest.hostName);
  const hung = svc.state === "hung";
  return { ok: true, reason: `connected to ${svc.name} on ${dest.hostName}`, host: dest.hostName, ...(hung ? { hung: true } : {}) };
}

export function connectTcp(w: ConnectWorld, fromName: string, toAddress: string, port: number, probeOnly = false): ConnectResult {
  const from = w.host(fromName);
  if (from.state === "off") return fail(`${fromName} is off`);
  if (from.ownsAddress(toAddress)) return answerLocally(from, toAddress, port);

  const found = destinationOf(w, toAddress);
  if ("ok" in found) return found;
  const { dest, destIface, network } = found;
  const src = from.spec.interfaces.find((i) => i.network === network);
  if (!src) return fail(`no route to ${toAddress}: ${fromName} has no interface on the ${network} network`);
  if (dest === from) return answerLocally(from, toAddress, port);
  if (!from.power.netUp || !from.interfaceUp(src.name)) return fail(`${fromName} ${src.name} is down`);
  if (!dest.power.netUp || !dest.interfaceUp(destIface)) return fail(`host unreachable: ${dest.hostName} ${destIface} is down`, dest.hostName);
  const cut = w.bus.policy.blocked(fromName, dest.hostName) ?? w.bus.policy.blocked(dest.hostName, fromName);
  if (cut) return fail(`no answer: ${cut}`, dest.hostName);
  if (w.bus.segment(network).lossPercent >= 100) return fail(`no answer: 100% frame loss on ${network}`, dest.hostName);

  const out = from.pf.decide({ direction: "out", interface: src.name, proto: "tcp", src: src.address, dst: toAddress, dstPort: port });
  if (!out.pass) return blocked(w.engine, from, src.name, src.address, toAddress, port, out.rule ?? "", probeOnly);
  const inbound = dest.pf.decide({ direction: "in", interface: destIface, proto: "tcp", src: src.address, dst: toAddress, dstPort: port });
  if (!inbound.pass) return blocked(w.engine, dest, destIface, src.address, toAddress, port, inbound.rule ?? "", probeOnly);

  const svc = dest.services.listener(port, toAddress);
  if (!svc) return fail(`connection refused: nothing listens on ${toAddress}:${port} on ${dest.hostName}`, dest.hostName);
  if (probeOnly) {
    const hung = svc.state === "hung";
    return { ok: true, reason: `connected to ${svc.name} on ${dest.hostName}`, host: dest.hostName, ...(hung ? { hung: true } : {}) };
  }
  const srcPort = from.allocatePort();
  const key = stateKey("tcp", src.address, srcPort, toAddress, port);
  if (dest.pf.loaded) {
    const entry: PfStateEntry = {
      key, proto: "tcp", src: src.address, srcPort, dst: toAddress, dstPort: port, creator: dest.hostName, createdUs: w.engine.now, noSync: inbound.noSync,
    };
    if (dest.states.add(entry)) dest.pfsync?.stateCreated(entry);
  }
  const hung = svc.state === "hung";
  return {
    ok: true, reason: hung ? `accepted by ${svc.name} on ${dest.hostName}, which is hung (no answer will come)` : `connected to ${svc.name} on ${dest.hostName}`,
    host: dest.hostName, state: key, ...(hung ? { hung: true } : {}),
  };
}

function blocked(engine: Engine, host: SimHost, iface: string, src: string, dst: string, port: number, rule: string, quiet: boolean): ConnectResult {
  if (!quiet) engine.emit({ type: "pf.block", host: host.hostName, iface, proto: "tcp", src, dst, port, rule });
  return { ok: false, reason: `blocked by pf on ${host.hostName} (${iface}): ${rule}`, blockedBy: { host: host.hostName, rule }, host: host.hostName };
}
