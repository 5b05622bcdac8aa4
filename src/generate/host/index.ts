// generateHostNetwork(): per host, the FreeBSD files of its network and HA plumbing under
// hosts/<host>/: /boot/loader.conf, /etc/rc.conf (0600: CARP pass), /etc/sysctl.conf, /etc/pf.conf,
// and on hosts that run ifstated /usr/local/etc/ifstated.conf with the check scripts it calls.
// pf.conf and ifstated.conf are built as ASTs and formatted by src/formats, so they round-trip.

import { formatIfstated } from "../../formats/ifstated/format.js";
import { formatPf } from "../../formats/pf/format.js";
import type { ResolvedLab } from "../../model/types.js";
import type { Artifact } from "../artifact.js";
import { artifact, hostPath, MODE_SCRIPT, MODE_SECRET } from "../artifact.js";
import type { GenerateOptions } from "../context.js";
import { IFSTATED_CONF, SCRIPT } from "../paths.js";
import { renderCarpStateScript, renderCheckPortScript } from "./check-scripts.js";
import { runsService } from "./host-lookup.js";
import { buildIfstatedConfig } from "./ifstated-conf.js";
import { renderLoaderConf } from "./loader-conf.js";
import { buildPfRuleset } from "./pf-ruleset.js";
import { renderRcConf } from "./rc-conf.js";
import { renderSysctlConf } from "./sysctl-conf.js";

export function generateHostNetwork(lab: ResolvedLab, options: GenerateOptions): Artifact[] {
  return lab.hosts.flatMap((host) => {
    const files: Artifact[] = [
      artifact(hostPath(host.name, "/boot/loader.conf"), renderLoaderConf(lab, host)),
      artifact(hostPath(host.name, "/etc/rc.conf"), renderRcConf(lab, host), MODE_SECRET),
      artifact(hostPath(host.name, "/etc/sysctl.conf"), renderSysctlConf(lab, host)),
    ];
    if (runsService(host, "pf")) files.push(artifact(hostPath(host.name, "/etc/pf.conf"), formatPf(buildPfRuleset(lab, host, options))));
    const ifstated = buildIfstatedConfig(lab, host);
    if (ifstated) {
      const text = formatIfstated(ifstated);
      files.push(artifact(hostPath(host.name, IFSTATED_CONF), text));
      if (text.includes(SCRIPT.checkPort)) files.push(artifact(hostPath(host.name, SCRIPT.checkPort), renderCheckPortScript(), MODE_SCRIPT));
    }
    if (ifstated || host.carp.length > 0) files.push(artifact(hostPath(host.name, SCRIPT.carpState), renderCarpStateScript(), MODE_SCRIPT));
    return files;
  });
}
