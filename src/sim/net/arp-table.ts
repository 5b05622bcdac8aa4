// Who receives a VIP's traffic: the switch sends frames for the virtual MAC (00:00:5e:00:01:vhid) to
// the port it last saw it on. A new MASTER sends one advertisement, then gratuitous ARP; every
// advertisement of a MASTER is sourced from the virtual MAC too, so a MASTER that is not the owner
// (after a split brain heals) takes the traffic back with its next advertisement. When the owner
// leaves MASTER (or goes down), nobody answers for the VIP until another host claims it.

import type { Engine } from "../engine/engine.js";

export class ArpTable {
  private readonly owners = new Map<string, string | undefined>();

  constructor(private readonly engine: Engine, private readonly vips: ReadonlyMap<string, string>) {}

  owner(group: string): string | undefined {
    return this.owners.get(group);
  }

  claim(group: string, host: string, reason: string): void {
    if (this.owners.get(group) === host) return;
    this.owners.set(group, host);
    this.engine.emit({ type: "arp.owner", group, vip: this.vips.get(group) ?? "", host, reason });
  }

  /** The host stopped answering for the VIP: the owner is nobody if it was that host. */
  release(group: string, host: string, reason: string): void {
    if (this.owners.get(group) !== host) return;
    this.owners.set(group, undefined);
    this.engine.emit({ type: "arp.owner", group, vip: this.vips.get(group) ?? "", host: null, reason });
  }
}
