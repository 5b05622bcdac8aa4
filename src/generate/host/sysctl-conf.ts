// /etc/sysctl.conf: CARP preemption (a demoted master only hands the VIP over when the peer has
// preempt=1) and CARP logging. Same names on 8.1 and 14.x; log=2 logs state changes on both
// (8.x logs them from 2 up, 14.x from 1 up and adds bad packets at 2).

import { commentText } from "../../lib/shell.js";
import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import { headerLines } from "./header.js";

export const CARP_LOG_LEVEL = 2;

export function renderSysctlConf(lab: ResolvedLab, host: ResolvedHost): string {
  const lines = headerLines(lab, host, "/etc/sysctl.conf", "kernel settings for CARP").map((l) => `# ${l}`);
  lines.push("");
  if (host.carp.length === 0) {
    lines.push("# No CARP group on this host: nothing to set.");
  } else {
    const groups = host.carp.map((m) => m.group).join(", ");
    lines.push(
      commentText(`# CARP (${groups}): ${host.carpPreempt ? "preempt, so the member with the lowest advskew takes the VIP back and a demoted master hands it over" : "no preemption: a backup keeps the VIP until the master fails"}`),
      `net.inet.carp.preempt=${host.carpPreempt ? 1 : 0}`,
      "# Log CARP state changes (MASTER/BACKUP) to syslog",
      `net.inet.carp.log=${CARP_LOG_LEVEL}`,
    );
  }
  return lines.join("\n") + "\n";
}
