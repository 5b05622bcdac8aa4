// CARP advertisements on the wire: each member's advertisements go to the group's other members over
// the segment of the group's network (so partitions, cuts, loss and delay apply), pass the receiver's
// pf (`pass on $if proto carp`), and reach its vhid. A MASTER's advertisements also teach the switch
// where the virtual MAC is (ARP owner). Per member the paths are wired once at build time.

import type { ResolvedCarpGroup } from "../../model/types.js";
import { AdvertLink } from "../carp/advert-link.js";
import type { CarpVif } from "../carp/carp-env.js";
import { advertIntervalUs, CARP_BOW_OUT } from "../carp/timing.js";
import type { Engine } from "../engine/engine.js";
import type { ArpTable } from "../net/arp-table.js";
import type { FrameBus } from "../net/frame-bus.js";
import type { IfaceHandle } from "../net/host-net.js";
import type { Segment } from "../net/segment.js";
import type { SimHost } from "./sim-host.js";

/** CARP advertisements go to this multicast group (IP protocol 112). */
const CARP_GROUP_ADDRESS = "224.0.0.18";

/** The carp.advert event of a member, reused: the engine copies an event's fields when it emits it. */
interface AdvertEvent {
  readonly [field: string]: unknown;
  readonly type: "carp.advert";
  advbase: number;
  advskew: number;
  intervalUs: number;
}

interface Wire {
  readonly segment: Segment;
  readonly parent: IfaceHandle;
  readonly peers: readonly { readonly host: string; readonly link: AdvertLink }[];
  readonly event: AdvertEvent;
}

export class CarpWires {
  private readonly wires = new Map<CarpVif, Wire>();

  constructor(
    private readonly engine: Engine,
    private readonly bus: FrameBus,
    private readonly arp: ArpTable,
    hosts: readonly SimHost[],
    segmentOf: (network: string) => Segment,
    groups: ReadonlyMap<string, ResolvedCarpGroup>,
  ) {
    const members = new Map<string, { host: SimHost; vif: CarpVif }[]>();
    for (const host of hosts) for (const vif of host.carp.vifs) members.set(vif.group, [...(members.get(vif.group) ?? []), { host, vif }]);
    for (const [group, list] of members) {
      const segment = segmentOf(groups.get(group)!.network);
      for (const m of list) {
        const source = m.host.spec.interfaces.find((i) => i.name === m.vif.parent)?.address ?? "";
        const peers = list.filter((p) => p !== m).map((p) => ({ host: p.host.hostName, link: this.linkTo(p.host, p.vif, source) }));
        const event: AdvertEvent = { type: "carp.advert", host: m.host.hostName, iface: m.vif.iface, vhid: m.vif.vhid, advbase: 0, advskew: 0, intervalUs: 0 };
        this.wires.set(m.vif, { segment, parent: m.host.net.handle(m.vif.parent), peers, event });
      }
    }
  }

  /** The arrival side at a peer: its parent must be up and its pf must pass the frame (cached per pf load). */
  private linkTo(host: SimHost, vif: CarpVif, source: string): AdvertLink {
    const parent = host.net.handle(vif.parent);
    let accepts = true;
    let pfEpoch = -1;
    return new AdvertLink(this.engine, (advbase, advskew) => {
      if (!parent.up) return;
      if (pfEpoch !== host.pf.epoch) {
        accepts = host.acceptsFrame("carp", vif.parent, source, CARP_GROUP_ADDRESS);
        pfEpoch = host.pf.epoch;
      }
      if (accepts) vif.receiveAdvert(advbase, advskew);
    });
  }

  send(host: SimHost, vif: CarpVif, advbase: number, advskew: number): void {
    const wire = this.wires.get(vif)!;
    if (this.engine.tracesProtocol) {
      const event = wire.event;
      event.advbase = advbase;
      event.advskew = advskew;
      event.intervalUs = advertIntervalUs(advbase, advskew);
      this.engine.emit(event, "protocol");
    }
    const up = wire.parent.up;
    // A MASTER's advertisements come from the virtual MAC: the switch learns where the VIP is (the
    // takeover's own advertisement is followed by gratuitous ARP at the same instant, which claims it).
    if (vif.state === "MASTER" && vif.sinceUs < this.engine.now && advbase !== CARP_BOW_OUT && up) {
      this.arp.claim(vif.group, host.hostName, "advertisement from the MASTER (the switch learns the virtual MAC)");
    }
    for (const peer of wire.peers) {
      const delay = this.bus.transitUs(wire.segment, up, host.hostName, peer.host);
      if (delay >= 0) peer.link.send(delay, advbase, advskew);
    }
  }
}
