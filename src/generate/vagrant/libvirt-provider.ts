// The libvirt block of one VM: CPUs, memory, the management NIC model and the extra disks with the
// bus of devices.ts (virtio -> vtbdN, sata -> adaN, scsi -> daN). Target names are given so the
// order is ours: libvirt derives each disk's controller and unit from the name's index (vdb, vdc...
// for virtio; sda, sdb... shared by sata and scsi), and FreeBSD numbers disks in that order.

import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import { providerDisks } from "../devices.js";
import { managementNicModel } from "./nic-models.js";
import { rubyString } from "./ruby-string.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

function targetName(prefix: string, index: number, host: string): string {
  const letter = LETTERS[index];
  if (letter === undefined) throw new Error(`${host}: more than ${LETTERS.length} ${prefix}* disks for libvirt`);
  return prefix + letter;
}

export function libvirtLines(lab: ResolvedLab, host: ResolvedHost, indent: string): string[] {
  const i2 = indent + "  ";
  const mgmt = managementNicModel(lab.release, "libvirt");
  const lines = [
    `${indent}node.vm.provider :libvirt do |lv|`,
    `${i2}lv.cpus = ${host.cpus}`,
    `${i2}lv.memory = ${host.memoryMiB}`,
    `${i2}# The management network's NIC: ${mgmt.driver}0 in the guest (lab NICs set their own model).`,
    `${i2}lv.nic_model_type = ${rubyString(mgmt.model)}`,
  ];
  let vd = 1; // vda is the box's own disk
  let sd = 0;
  for (const d of providerDisks(host, "libvirt", lab.release)) {
    if (d.boot) {
      lines.push(`${i2}# ${d.name} is the box's own disk: ${d.providerDevice}.`);
      continue;
    }
    const target = d.providerBus === "virtio" ? targetName("vd", vd++, host.name) : targetName("sd", sd++, host.name);
    lines.push(`${i2}# ${d.name} (${d.kind}, ${d.sizeGiB} GiB) -> ${d.providerDevice}`);
    lines.push(`${i2}lv.storage :file, device: ${rubyString(target)}, size: ${rubyString(`${d.sizeGiB}G`)}, bus: ${rubyString(d.providerBus)}`);
  }
  lines.push(`${indent}end`);
  return lines;
}
