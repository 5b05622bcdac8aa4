// /etc/rc.conf of a host: hostname, network (LAGGs, addresses, CARP) and services. It holds the
// CARP pass, so it is written with MODE_SECRET.

import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import { headerLines } from "./header.js";
import { networkLines } from "./rc-conf-network.js";
import { servicesLines } from "./rc-conf-services.js";
import { rcBlank, rcComment, rcVar, renderRcLines } from "./rc-lines.js";

export function renderRcConf(lab: ResolvedLab, host: ResolvedHost): string {
  return renderRcLines([
    ...headerLines(lab, host, "/etc/rc.conf", "network, CARP and services (holds the CARP pass: mode 0600)").map(rcComment),
    rcBlank,
    rcVar("hostname", host.name),
    rcBlank,
    ...networkLines(lab, host),
    rcBlank,
    ...servicesLines(lab, host),
  ]);
}
