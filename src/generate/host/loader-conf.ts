// /boot/loader.conf: the kernel modules the host's network needs at boot (lagg, carp, pf, pflog,
// pfsync, zfs, the 8.1 iSCSI initiator). 8.1 differs: carp(4) became a module only in 8.2
// (if_carp.ko; 10.0 renamed it carp.ko) and pfsync(4) needs `device pfsync` in the kernel before 9.0.

import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import { headerLines } from "./header.js";
import { runsService } from "./host-lookup.js";
import { iscsiConsumerOf } from "./storage-clients.js";
import type { RcLine } from "./rc-lines.js";
import { rcBlank, rcComment, rcVar, renderRcLines } from "./rc-lines.js";

export function renderLoaderConf(lab: ResolvedLab, host: ResolvedHost): string {
  const old = lab.release === "8.1";
  const lines: RcLine[] = [];
  if (old) lines.push(rcComment("ahci(4): SATA disks attach through CAM as adaN, the names the pools and fstab use (8.1's default ata(4) says adN)"), rcVar("ahci_load", "YES"));
  if (host.laggs.length > 0) lines.push(rcComment("lagg(4): every link is a LAGG of two NICs"), rcVar("if_lagg_load", "YES"));
  if (host.carp.length > 0) {
    if (old) {
      lines.push(
        rcComment("carp(4): if_carp.ko exists from 8.2 on; an 8.1-RELEASE kernel needs `device carp` compiled in"),
        rcVar("if_carp_load", "YES"),
      );
    } else lines.push(rcComment("carp(4): vhid addresses on the LAGGs"), rcVar("carp_load", "YES"));
  }
  if (runsService(host, "pf")) lines.push(rcComment("pf(4) and pflog(4): the host firewall"), rcVar("pf_load", "YES"), rcVar("pflog_load", "YES"));
  if (runsService(host, "pfsync")) {
    if (old) lines.push(rcComment("pfsync(4) is not a module before 9.0: an 8.1 kernel needs `device pfsync` compiled in"));
    else lines.push(rcComment("pfsync(4): firewall state sync with the CARP peer"), rcVar("pfsync_load", "YES"));
  }
  if (host.pools.length > 0) lines.push(rcComment("ZFS pools"), rcVar("zfs_load", "YES"));
  if (old && iscsiConsumerOf(lab, host.name).length > 0) {
    lines.push(rcComment("iSCSI initiator for iscontrol(8) (8.1 has no iscsid)"), rcVar("iscsi_initiator_load", "YES"));
  }
  const header = headerLines(lab, host, "/boot/loader.conf", "kernel modules loaded at boot").map(rcComment);
  return renderRcLines([...header, rcBlank, ...lines]);
}
