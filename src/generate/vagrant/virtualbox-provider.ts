// The VirtualBox block of one VM: CPUs, memory, the management NIC type and the extra disks, on the
// controller and port that give the device names of devices.ts (SATA port N -> adaN, SCSI
// target N -> daN). The boot disk is the box's own: port 0 of the "SATA Controller" that the box's
// virtualbox-iso builder creates (hard_drive_interface "sata" in boxes/freebsd-14.2.json).

import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import { providerDisks, type ProviderDisk } from "../devices.js";
import { managementNicModel } from "./nic-models.js";
import { rubyString } from "./ruby-string.js";

/** VirtualBox limits: SATA (AHCI) has 30 ports, LsiLogic SCSI 16. */
const SATA_PORTS = 30;
const SCSI_PORTS = 16;

function unitOf(disk: ProviderDisk): number {
  return Number(/(\d+)$/.exec(disk.providerDevice)?.[1]);
}

function diskLine(host: ResolvedHost, disk: ProviderDisk, controller: string, indent: string): string[] {
  const file = `File.join(LAB_DISK_DIR, ${rubyString(`${host.name}-${disk.name}.vdi`)})`;
  return [
    `${indent}# ${disk.name} (${disk.kind}, ${disk.sizeGiB} GiB) -> ${disk.providerDevice}`,
    `${indent}lab_vbox_disk(vb, ${file}, ${disk.sizeGiB * 1024}, ${controller}, ${unitOf(disk)}, ${disk.kind === "ssd"})`,
  ];
}

export function virtualboxLines(lab: ResolvedLab, host: ResolvedHost, indent: string): string[] {
  const i2 = indent + "  ";
  const disks = providerDisks(host, "virtualbox", lab.release);
  const boot = disks.find((d) => d.boot);
  const sata = disks.filter((d) => !d.boot && d.providerBus === "sata");
  const scsi = disks.filter((d) => !d.boot && d.providerBus === "scsi");
  const virtio = disks.filter((d) => !d.boot && d.providerBus === "virtio");
  const sataPorts = Math.max(0, ...disks.filter((d) => d.providerBus === "sata").map((d) => unitOf(d) + 1));
  if (sataPorts > SATA_PORTS) throw new Error(`${host.name}: ${sataPorts} SATA disks, VirtualBox has ${SATA_PORTS} ports`);
  if (scsi.length > SCSI_PORTS) throw new Error(`${host.name}: ${scsi.length} SCSI disks, VirtualBox LsiLogic has ${SCSI_PORTS} ports`);
  const mgmt = managementNicModel(lab.release, "virtualbox");
  const lines = [
    `${indent}node.vm.provider :virtualbox do |vb|`,
    `${i2}vb.name = ${rubyString(`${lab.name}-${host.name}`)}`,
    `${i2}vb.cpus = ${host.cpus}`,
    `${i2}vb.memory = ${host.memoryMiB}`,
    `${i2}# Adapter 1 is Vagrant's NAT, the management NIC: ${mgmt.driver}0 in the guest.`,
    `${i2}vb.customize ["modifyvm", :id, "--nictype1", ${rubyString(mgmt.model)}]`,
  ];
  if (boot) lines.push(`${i2}# ${boot.name} is the box's own disk: ${boot.providerDevice}.`);
  if (sata.length) {
    lines.push(`${i2}vb.customize ["storagectl", :id, "--name", VBOX_SATA, "--portcount", "${sataPorts}"]`);
    for (const d of sata) lines.push(...diskLine(host, d, "VBOX_SATA", i2));
  }
  if (scsi.length) {
    lines.push(`${i2}# LsiLogic SCSI controller (FreeBSD mpt(4)) for the spindles.`);
    lines.push(`${i2}lab_vbox_scsi(vb, File.join(LAB_DISK_DIR, ${rubyString(`${host.name}-${scsi[0]!.name}.vdi`)}))`);
    for (const d of scsi) lines.push(...diskLine(host, d, "VBOX_SCSI", i2));
  }
  // devices.ts puts no VirtualBox disk on virtio; fail loudly if that changes rather than drop disks.
  if (virtio.length) throw new Error(`${host.name}: no VirtualBox controller for virtio disks (${virtio.map((d) => d.name).join(", ")})`);
  lines.push(`${indent}end`);
  return lines;
}
