// generateVagrantfile(): the Vagrantfile for the whole lab, one `config.vm.define` per host in the lab's order, for the
// VirtualBox and libvirt providers. bhyve labs use vm-bhyve instead (vagrant-bhyve gives a VM one
// NIC and no extra disks): for provider "bhyve" this generator writes nothing.

import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import { artifact, type Artifact } from "../artifact.js";
import type { GenerateOptions } from "../context.js";
import { libvirtLines } from "./libvirt-provider.js";
import { rubyString } from "./ruby-string.js";
import { headerLines } from "./vagrantfile-header.js";
import { networkLines } from "./vagrant-networks.js";
import { provisionLines } from "./vagrant-provision.js";
import { virtualboxLines } from "./virtualbox-provider.js";

export const VAGRANTFILE = "Vagrantfile";

function hostBlock(lab: ResolvedLab, host: ResolvedHost): string[] {
  const i = "    ";
  return [
    `  config.vm.define ${rubyString(host.name)} do |node|`,
    `${i}node.vm.hostname = ${rubyString(host.name)}`,
    ...networkLines(lab, host, i),
    ...virtualboxLines(lab, host, i),
    ...libvirtLines(lab, host, i),
    ...provisionLines(host, i),
    "  end",
  ];
}

export function vagrantfileText(lab: ResolvedLab, options: GenerateOptions): string {
  const lines = [
    ...headerLines(lab, options.provider),
    'Vagrant.configure("2") do |config|',
    "  config.vm.box = BOX_NAME",
    "  config.vm.box_version = BOX_VERSION",
    "  config.vm.box_check_update = false",
    "  config.vm.guest = :freebsd",
    '  config.ssh.shell = "sh"',
    "  config.ssh.private_key_path = [LAB_BOX_SSH_KEY]",
    "  config.ssh.insert_key = false",
    '  config.vm.synced_folder ".", "/vagrant", disabled: true',
    "",
    ...lab.hosts.flatMap((h, n) => [...(n ? [""] : []), ...hostBlock(lab, h)]),
    "end",
  ];
  return lines.join("\n") + "\n";
}

export function generateVagrantfile(lab: ResolvedLab, options: GenerateOptions): Artifact[] {
  return [artifact(VAGRANTFILE, vagrantfileText(lab, options))];
}
