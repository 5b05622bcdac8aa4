// The rc services provision.sh enables and (re)starts on a host, in rc order: pf, pfsync, the storage
// daemons, then the application services, ifstated last (it demotes CARP when the others are down).
// Each knows which changed files restart (or reload) it and how to tell that it runs.

import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import { IFSTATED_CONF } from "../paths.js";
import { CTL_CONF } from "../storage/iscsi-target.js";
import { ISCSI_RC_SCRIPT } from "../storage/storage-paths.js";
import { consumerMounts, pairsWithPrimary } from "../storage/storage-roles.js";

export interface ServiceStep {
  /** rc.d script name (`service NAME start`). */
  readonly rc: string;
  readonly rcvar: string;
  /** Target paths (prefixes, or substrings when they do not start with "/") whose change restarts it. */
  readonly triggers: readonly string[];
  readonly onChange: "restart" | "reload";
  /** sh command that exits 0 when the service runs. */
  readonly running: string;
  /** Only set the rcvar (the service starts at boot; provision.sh drives it otherwise). */
  readonly enableOnly?: boolean;
}

const status = (rc: string) => `service ${rc} status >/dev/null 2>&1`;

function step(rc: string, rcvar: string, triggers: readonly string[], onChange: "restart" | "reload" = "restart", running = status(rc)): ServiceStep {
  return { rc, rcvar, triggers, onChange, running };
}

/** rc.d scripts the other generators put in the host's tree (Zope instances, Solr on 8.1...). */
export function customRcScripts(hostFiles: readonly string[]): string[] {
  return hostFiles
    .filter((f) => f.startsWith("/usr/local/etc/rc.d/") && f !== ISCSI_RC_SCRIPT)
    .map((f) => f.slice("/usr/local/etc/rc.d/".length))
    .filter((name) => /^[a-z][a-z0-9_]*$/.test(name))
    .sort();
}

/** Services before the storage mounts (the mounts need the network daemons, the apps need the mounts). */
export interface ServicePlan {
  readonly early: ServiceStep[];
  readonly late: ServiceStep[];
}

export function servicePlan(lab: ResolvedLab, host: ResolvedHost, hostFiles: readonly string[]): ServicePlan {
  const kinds = new Set(host.services.map((s) => s.kind));
  const early: ServiceStep[] = [];
  const late: ServiceStep[] = [];
  if (kinds.has("pf")) early.push(step("pf", "pf_enable", ["/etc/pf.conf"], "reload", "pfctl -s info 2>/dev/null | grep -q 'Status: Enabled'"));
  if (kinds.has("pfsync")) early.push(step("pfsync", "pfsync_enable", [], "restart", "ifconfig pfsync0 2>/dev/null | grep -q syncdev"));
  // Data pools import and mount at boot only with zfs_enable.
  if (host.pools.some((p) => p.name !== "zroot")) early.push({ ...step("zfs", "zfs_enable", []), enableOnly: true });
  if (kinds.has("nfs")) {
    early.push(step("rpcbind", "rpcbind_enable", []), step("mountd", "mountd_enable", ["/etc/exports"], "reload"), step("nfsd", "nfs_server_enable", []));
  }
  // iSCSI targets only on primaries: a replica's LUN files are a read-only copy.
  if (kinds.has("iscsi") && pairsWithPrimary(lab, host.name).some((p) => p.iscsi.length)) {
    early.push(lab.release === "8.1" ? step("istgt", "istgt_enable", ["/usr/local/etc/istgt/"]) : step("ctld", "ctld_enable", [CTL_CONF], "reload"));
  }
  const mounts = consumerMounts(lab, host.name);
  if (mounts.some((m) => m.kind === "nfs")) early.push({ ...step("nfsclient", "nfs_client_enable", []), enableOnly: true });
  if (mounts.some((m) => m.kind === "iscsi")) {
    if (lab.release !== "8.1") early.push(step("iscsid", "iscsid_enable", []));
    early.push({ ...step("lab_iscsi", "lab_iscsi_enable", []), enableOnly: true });
  }
  if (kinds.has("mysql")) late.push(step("mysql-server", "mysql_enable", ["/my.cnf", "/usr/local/etc/mysql/"]));
  const custom = customRcScripts(hostFiles);
  if (kinds.has("solr") && lab.release !== "8.1" && !custom.includes("solr")) late.push(step("solr", "solr_enable", ["solr"]));
  for (const name of custom) late.push(step(name, `${name}_enable`, [`/usr/local/etc/rc.d/${name}`, name]));
  if (kinds.has("haproxy")) late.push(step("haproxy", "haproxy_enable", ["/usr/local/etc/haproxy"]));
  if (kinds.has("varnish")) late.push(step("varnishd", "varnishd_enable", ["/usr/local/etc/varnish/"]));
  if (kinds.has("nginx")) late.push(step("nginx", "nginx_enable", ["/usr/local/etc/nginx/"]));
  if (kinds.has("ifstated")) late.push(step("ifstated", "ifstated_enable", [IFSTATED_CONF]));
  return { early, late };
}
