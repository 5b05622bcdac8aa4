// Which emulated NIC each provider gives a VM, so that FreeBSD names the lab's NICs as the model
// does (em0, em1...) and the management NIC that Vagrant or the bhyve host uses apart (vtnet0).
// FreeBSD numbers the units of each driver in PCI order, and every provider adds NICs in the order
// they are declared, so the i-th lab NIC becomes unit i of the lab driver.

import type { Release } from "../../model/types.js";
import type { Provider } from "../context.js";

export interface NicModel {
  /** The provider's name for the emulated device. */
  readonly model: string;
  /** The FreeBSD driver that attaches to it (the interface name without the unit). */
  readonly driver: string;
}

// 14.x: em(4) drives the whole e1000 family. 8.1: em(4) drives 82571 and newer only, lem(4) the
// older 8254x that VirtualBox offers, so libvirt uses the 82574L (e1000e) there.
const LAB_NIC: Readonly<Record<Release, Readonly<Record<Provider, NicModel>>>> = {
  "14.2": {
    virtualbox: { model: "82540EM", driver: "em" },
    libvirt: { model: "e1000", driver: "em" },
    bhyve: { model: "e1000", driver: "em" },
  },
  "8.1": {
    virtualbox: { model: "82540EM", driver: "lem" },
    libvirt: { model: "e1000e", driver: "em" },
    bhyve: { model: "e1000", driver: "lem" },
  },
};

// 8.1 has no virtio drivers: its management NIC must be another family than the lab NICs.
const MANAGEMENT_NIC: Readonly<Record<Release, Readonly<Record<Provider, NicModel>>>> = {
  "14.2": {
    virtualbox: { model: "virtio", driver: "vtnet" },
    libvirt: { model: "virtio", driver: "vtnet" },
    bhyve: { model: "virtio-net", driver: "vtnet" },
  },
  "8.1": {
    virtualbox: { model: "Am79C973", driver: "le" },
    libvirt: { model: "rtl8139", driver: "rl" },
    bhyve: { model: "virtio-net", driver: "vtnet" },
  },
};

export function labNicModel(release: Release, provider: Provider): NicModel {
  return LAB_NIC[release][provider];
}

export function managementNicModel(release: Release, provider: Provider): NicModel {
  return MANAGEMENT_NIC[release][provider];
}

/** What FreeBSD will call the lab NIC at `index` under this provider: em0, em1... */
export function guestNicName(release: Release, provider: Provider, index: number): string {
  return `${labNicModel(release, provider).driver}${index}`;
}

/** A comment note when the guest's name for a NIC differs from the model's, else "". */
export function nicNameNote(modelName: string, guestName: string): string {
  return modelName === guestName ? "" : ` (the guest calls it ${guestName}: the lab names it ${modelName}, VM labs emulate Intel e1000 NICs)`;
}

/** Unit number of an interface name: em4 -> 4. */
function unitOf(name: string): number {
  return Number(/(\d+)$/.exec(name)?.[1] ?? 0);
}

/**
 * The host's NICs in the order they are attached to the VM: by driver name, then unit, so that
 * em0 is attached first and becomes em0 in the guest whatever order the lab lists them in.
 */
export function attachOrder<T extends { readonly name: string }>(nics: readonly T[]): T[] {
  return [...nics].sort((a, b) => {
    const pa = a.name.replace(/\d+$/, "");
    const pb = b.name.replace(/\d+$/, "");
    return pa < pb ? -1 : pa > pb ? 1 : unitOf(a.name) - unitOf(b.name);
  });
}
