// solr.in.sh of an app host: Solr on the model's port, bound to the service's address (the solr CARP
// VIP: on FreeBSD the backup member holds the VIP address too, so the bind works on both), its home
// on the shared mount. 14.x: Solr 9 (textproc/apache-solr reads /usr/local/etc/solr.in.sh).
// 8.1: Solr 1.4 in the Jetty of its example (java -jar start.jar), which takes jetty.host/jetty.port
// and solr.solr.home as system properties; its start script sources this file for JAVA_OPTS.

import type { ResolvedHost, ResolvedLab, ResolvedServiceOf } from "../../model/types.js";
import { shQuote } from "../../lib/shell.js";
import { generatedHeader } from "./lookup.js";
import { SOLR_HOME_DEFAULT, SOLR_IN_SH } from "./service-paths.js";
import { mountFor } from "./storage-mounts.js";

function solrHome(lab: ResolvedLab, host: string): { path: string; why: string } {
  const mount = mountFor(lab, host, "solr", ["nfs", "iscsi"]);
  return mount
    ? { path: mount.mountpoint, why: `${mount.kind === "nfs" ? "NFS export" : "iSCSI LUN"} ${mount.name} from ${mount.server}` }
    : { path: SOLR_HOME_DEFAULT, why: "local disk: the lab mounts no shared storage for Solr on this host" };
}

export function renderSolrInSh(lab: ResolvedLab, host: ResolvedHost, solr: ResolvedServiceOf<"solr">): string {
  const port = solr.ports[0] ?? 6080;
  const home = solrHome(lab, host.name);
  const bind = solr.bindCarp ? `the ${solr.bindCarp} CARP VIP` : "the service's bind address";
  const common = [
    "# shellcheck shell=sh disable=SC2034 # variables for the script that sources this file",
    generatedHeader(lab, host.name, SOLR_IN_SH),
    `# Solr ${lab.release === "8.1" ? "1.4 (Jetty)" : "9"} on port ${port}, bound to ${bind}. Sourced by sh.`,
    `SOLR_PORT=${shQuote(String(port))}`,
    `SOLR_JETTY_HOST=${shQuote(solr.bindAddress)}`,
    `# Index on the ${home.why}.`,
    `SOLR_HOME=${shQuote(home.path)}`,
    `SOLR_HEAP=${shQuote(`${solr.heapMiB}m`)}`,
  ];
  if (lab.release === "8.1") {
    return [
      ...common,
      'JAVA_OPTS="-Xms$SOLR_HEAP -Xmx$SOLR_HEAP -Djetty.host=$SOLR_JETTY_HOST -Djetty.port=$SOLR_PORT -Dsolr.solr.home=$SOLR_HOME"',
    ].join("\n");
  }
  return [
    ...common,
    "SOLR_LOGS_DIR='/var/log/solr'",
    "# Both members may open the shared index: native (fcntl) locks are unreliable over NFS, use a lock file.",
    'SOLR_OPTS="${SOLR_OPTS:-} -Dsolr.lock.type=simple"',
  ].join("\n");
}
