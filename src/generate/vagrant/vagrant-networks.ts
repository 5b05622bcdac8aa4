// The `private_network` lines of one VM: one per lab NIC, on the segment it is cabled to, with the
// model's MAC and an e1000-family device so FreeBSD names it as the lab does.
// VirtualBox: an internal network per segment (pure L2, no host address, no DHCP).
// libvirt: an isolated network per segment; "veryisolated" gives the bridge no host address and
// no DHCP (vagrant-libvirt 0.11 create_networks.rb; forward_mode "none" would put the host on .1
// of every segment and needs an ip:), so it behaves like the intnet.

import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import { guestNicName, labNicModel, nicNameNote } from "./nic-models.js";
import { cabledNics } from "./nic-segments.js";
import { rubyString } from "./ruby-string.js";

/** Name of the provider network of a segment, shared by all hosts of the lab: "speed-daemons-app". */
export function providerNetworkName(lab: ResolvedLab, network: string | undefined): string {
  return `${lab.name}-${network ?? "unconnected"}`;
}

/** "02:5d:38:45:14:56" -> "025D38451456" (VirtualBox takes the MAC without separators). */
export function virtualboxMac(mac: string): string {
  return mac.replace(/:/g, "").toUpperCase();
}

export function networkLines(lab: ResolvedLab, host: ResolvedHost, indent: string): string[] {
  const vbox = labNicModel(lab.release, "virtualbox");
  const libvirt = labNicModel(lab.release, "libvirt");
  const lines: string[] = [];
  for (const c of cabledNics(host)) {
    const net = providerNetworkName(lab, c.network);
    const guest = guestNicName(lab.release, "virtualbox", c.index);
    const libvirtGuest = guestNicName(lab.release, "libvirt", c.index);
    const where = c.network ? `network ${c.network}` : "no network";
    lines.push(`${indent}# ${c.nic.name}: ${c.role} on ${where}${nicNameNote(c.nic.name, guest)}${
      libvirtGuest !== guest ? `; ${libvirtGuest} under libvirt` : ""}`);
    lines.push(`${indent}node.vm.network :private_network, auto_config: false,`);
    lines.push(`${indent}  virtualbox__intnet: ${rubyString(net)}, virtualbox__mac: ${rubyString(virtualboxMac(c.nic.mac))}, virtualbox__nic_type: ${rubyString(vbox.model)},`);
    lines.push(`${indent}  libvirt__network_name: ${rubyString(net)}, libvirt__forward_mode: "veryisolated", libvirt__dhcp_enabled: false,`);
    lines.push(`${indent}  libvirt__mac: ${rubyString(c.nic.mac)}, libvirt__model_type: ${rubyString(libvirt.model)}`);
  }
  return lines;
}
