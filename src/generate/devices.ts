// Disk device names as FreeBSD will see them under each VM provider. The model's names (ada/da) are
// the talk's hardware; a VM lab attaches disks where the provider can: the box's own disk is the boot
// disk, SSDs go on SATA (ada), spindles on SCSI (da) where the provider has it, else virtio (vtbd).

import type { DiskBus, Release, ResolvedDisk, ResolvedHost } from "../model/types.js";
import type { Provider } from "./context.js";

export interface ProviderDisk extends ResolvedDisk {
  /** The box's own disk (first disk of zroot, else the first disk): not created by the lab. */
  readonly boot: boolean;
  /** Device under this provider: ada0, da3, vtbd1. */
  readonly providerDevice: string;
  readonly providerBus: DiskBus;
}

const PREFIX: Readonly<Record<DiskBus, string>> = { sata: "ada", scsi: "da", virtio: "vtbd" };

/** Bus a disk is attached on under a provider. */
function busFor(disk: ResolvedDisk, boot: boolean, provider: Provider): DiskBus {
  switch (provider) {
    case "virtualbox":
      return disk.bus; // SATA controller for ada, LsiLogic SCSI for da, as on the real hardware
    case "libvirt":
      // libvirt boxes boot from virtio; extra disks go on SATA or virtio-scsi as on the hardware.
      return boot ? "virtio" : disk.bus;
    case "bhyve":
      // bhyve has no SCSI disk emulation: spindles on virtio-blk, SSDs on ahci-hd.
      return boot ? "virtio" : disk.bus === "sata" ? "sata" : "virtio";
  }
}

export function bootDiskName(host: ResolvedHost): string | undefined {
  return host.pools.find((p) => p.name === "zroot")?.vdevs[0]?.disks[0] ?? host.disks[0]?.name;
}

/**
 * The host's disks with their device names under `provider`, boot disk first. FreeBSD 8.1 has no
 * virtio drivers: there every virtio attachment becomes SATA (adaN with ahci_load="YES" in loader.conf).
 */
export function providerDisks(host: ResolvedHost, provider: Provider, release: Release = "14.2"): ProviderDisk[] {
  const boot = bootDiskName(host);
  const zrootDisks = new Set(host.pools.find((p) => p.name === "zroot")?.vdevs.flatMap((v) => v.disks) ?? []);
  const ordered = [...host.disks].sort((a, b) => Number(b.name === boot) - Number(a.name === boot));
  const counters: Record<DiskBus, number> = { sata: 0, scsi: 0, virtio: 0 };
  return ordered.map((disk) => {
    const isBoot = disk.name === boot;
    // OS mirror members follow the boot disk's bus so `zpool attach` pairs like with like.
    const wanted = zrootDisks.has(disk.name) && !isBoot && provider !== "virtualbox" ? "virtio" : busFor(disk, isBoot, provider);
    const bus = release === "8.1" && wanted === "virtio" ? "sata" : wanted;
    return { ...disk, boot: isBoot, providerBus: bus, providerDevice: `${PREFIX[bus]}${counters[bus]++}` };
  });
}

/** Device name of each disk by disk name under `provider`. */
export function deviceMap(host: ResolvedHost, provider: Provider, release: Release = "14.2"): Map<string, string> {
  return new Map(providerDisks(host, provider, release).map((d) => [d.name, d.providerDevice]));
}
