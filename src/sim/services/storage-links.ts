// The storage network seen from one host: what one TCP stream gets on its interface there (lagg(4)
// keeps a connection on one port unless the protocol is roundrobin; the ports are 1 Gbit/s em(4)
// NICs), the storage-link-rate cap, and storage-link-down/up on every port of those interfaces.

import { storageNetworks } from "../../faults/validate.js";
import type { ResolvedInterface, ResolvedLab } from "../../model/types.js";
import type { World } from "../world/world.js";

/** Every NIC of the lab is a gigabit em(4) port. */
export const NIC_RATE_BITS_PER_S = 1e9;

export class StorageLinks {
  private readonly networks: ReadonlySet<string>;
  /** storage-link-rate caps, bits per second, by host. */
  private readonly caps = new Map<string, number>();

  constructor(private readonly world: World, private readonly lab: ResolvedLab) {
    this.networks = storageNetworks(lab);
  }

  /** The host's interfaces on a storage network; throws for a host that has none. */
  interfacesOf(host: string): ResolvedInterface[] {
    const spec = this.lab.hosts.find((h) => h.name === host);
    const list = spec?.interfaces.filter((i) => this.networks.has(i.network)) ?? [];
    if (!list.length) {
      const onStorage = this.lab.hosts.filter((h) => h.interfaces.some((i) => this.networks.has(i.network))).map((h) => h.name);
      throw new Error(`${host} has no interface on a storage network; hosts on a storage network: ${onStorage.join(", ") || "(none)"}`);
    }
    return list;
  }

  /** storage-link-down (up = false) / storage-link-up: every port of those interfaces loses (regains) link. */
  setLinks(host: string, up: boolean): void {
    for (const i of this.interfacesOf(host)) {
      if (i.kind === "lagg") this.world.setLaggLinks(host, i.name, up);
      else this.world.setNicLink(host, i.name, up);
    }
  }

  /** storage-link-rate: the host's storage link runs at `mbitPerS`; null = the NICs' own rate again. */
  setRateMbit(host: string, mbitPerS: number | null): void {
    this.interfacesOf(host);
    if (mbitPerS !== null && !(mbitPerS > 0 && mbitPerS <= 100_000)) throw new RangeError(`storage-link-rate ${mbitPerS} Mbit/s is outside (0, 100000]; use null for the full rate`);
    if (mbitPerS === null) this.caps.delete(host);
    else this.caps.set(host, mbitPerS * 1e6);
    this.world.engine.emit({ type: "storage.link", host, rateMbitPerS: mbitPerS });
  }

  /** Bits per second one TCP stream from/to `host` gets on `network` now (0: the interface passes nothing). */
  streamBitsPerS(host: string, network: string): number {
    const h = this.world.host(host);
    const iface = h.spec.interfaces.find((i) => i.network === network);
    if (!iface || !h.power.netUp) return 0;
    let rate = 0;
    const lagg = h.net.laggs.get(iface.name);
    if (lagg) {
      const active = [...lagg.portState.values()].filter((s) => s === "active").length;
      // a lagg hashes each flow onto one port; only roundrobin spreads one stream over all of them
      if (lagg.up) rate = lagg.protocol === "roundrobin" ? active * NIC_RATE_BITS_PER_S : Math.min(1, active) * NIC_RATE_BITS_PER_S;
    } else if (h.net.nics.get(iface.name)?.link === "up") {
      rate = NIC_RATE_BITS_PER_S;
    }
    return Math.min(rate, this.caps.get(host) ?? Infinity);
  }
}
