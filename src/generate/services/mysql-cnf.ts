// my.cnf of a db host by role: binary log on both members (a replica may become the master), the
// replica read-only, GTID and super_read_only on MySQL 8 (14.x), semi-sync when the pair asks for it.
// MySQL-8-only options carry the `loose-` prefix, which MySQL honours like the plain name; a server
// that does not know them (MariaDB in the lab's own checks, or a typo) warns instead of refusing.

import type { ResolvedHost, ResolvedLab, ResolvedServiceOf } from "../../model/types.js";
import { generatedHeader, hopUpstreams, serviceOf } from "./lookup.js";
import { mysqlPlacement } from "./mysql-topology.js";
import { MYSQL_DATADIR, MYSQL_SOCKET, mysqlCnfPath } from "./service-paths.js";

/** Options written with `loose-` on 14.x: exactly these, so a check can prove nothing else is unknown. */
export const MYSQL8_ONLY_OPTIONS = [
  "gtid_mode",
  "enforce_gtid_consistency",
  "super_read_only",
  "rpl_semi_sync_source_enabled",
  "rpl_semi_sync_source_timeout",
  "rpl_semi_sync_source_wait_point",
  "rpl_semi_sync_replica_enabled",
] as const;

/** Semi-sync plugin libraries of MySQL 8.0.26+ (source and replica side). */
export const MYSQL8_SEMISYNC_PLUGINS = ["semisync_source.so", "semisync_replica.so"] as const;

const DEFAULT_MAX_CONNECTIONS = 151;

/** RelStorage holds about two connections per Zope thread (load and store): size for every caller. */
function maxConnections(lab: ResolvedLab, host: ResolvedHost, mysql: ResolvedServiceOf<"mysql">): number {
  const vip = mysqlPlacement(lab, host.name).pair?.vip;
  const addresses = new Set(vip ? [vip] : host.interfaces.map((i) => i.address));
  let threads = 0;
  for (const caller of lab.hosts) {
    const zope = serviceOf(caller, "zope");
    const calls = hopUpstreams(lab, "zope", "mysql", caller.name).some((u) => addresses.has(u.address) && mysql.ports.includes(u.port));
    if (zope && calls) threads += zope.ports.length * zope.threads;
  }
  return Math.max(DEFAULT_MAX_CONNECTIONS, 2 * threads + 20);
}

function loose(lab: ResolvedLab, option: (typeof MYSQL8_ONLY_OPTIONS)[number], value: string): string {
  return `${lab.release === "8.1" ? "" : "loose-"}${option} = ${value}`;
}

function replicationLines(lab: ResolvedLab, host: ResolvedHost): string[] {
  const p = mysqlPlacement(lab, host.name);
  const mysql8 = lab.release !== "8.1";
  const what = p.pair
    ? `${host.name} starts as the ${p.role} of pair ${p.pair.name} (server_id ${p.serverId}); the binary log is on for both members, so either can be the master.`
    : `${host.name} is in no replication pair.`;
  const lines = [
    `# Replication: ${what}`,
    `server_id = ${p.serverId}`,
    "log_bin = mysql-bin",
    "binlog_format = ROW",
    "# Durable commits: binary log and InnoDB log flushed at every commit.",
    "sync_binlog = 1",
    "innodb_flush_log_at_trx_commit = 1",
    mysql8 ? "binlog_expire_logs_seconds = 604800" : "expire_logs_days = 7",
    "relay_log = relay-bin",
  ];
  if (mysql8) {
    lines.push("relay_log_recovery = ON", "# GTIDs: the replica follows the master with SOURCE_AUTO_POSITION=1 and survives failover.");
    lines.push(loose(lab, "gtid_mode", "ON"), loose(lab, "enforce_gtid_consistency", "ON"));
    lines.push("# RelStorage 3 creates stored routines with its schema; stored functions would need SUPER under binary logging\n# unless their creator is trusted, which ROW format makes safe.", "log_bin_trust_function_creators = 1");
  }
  if (p.role === "replica") {
    lines.push("# Fenced until promoted (mysql-promote.sh turns these off when this host becomes CARP master).", "read_only = ON");
    if (mysql8) lines.push(loose(lab, "super_read_only", "ON"));
  }
  return lines;
}

function semiSyncLines(lab: ResolvedLab, host: ResolvedHost): string[] {
  const p = mysqlPlacement(lab, host.name);
  if (!p.pair?.semiSync) return [];
  if (lab.release === "8.1") {
    return ["# Semi-synchronous replication was asked for, but it arrived in MySQL 5.5: this 5.1 pair replicates asynchronously."];
  }
  const master = p.role === "master";
  return [
    "",
    `# Semi-synchronous replication (AFTER_SYNC): a commit returns once the replica has the transaction; after`,
    `# ${p.pair.semiSyncTimeoutMs} ms without an acknowledgement the master silently falls back to asynchronous.`,
    "# Both plugins on both members: the roles swap on failover (mysql-promote.sh switches the sides).",
    ...MYSQL8_SEMISYNC_PLUGINS.map((lib) => `plugin-load-add = ${lib}`),
    loose(lab, "rpl_semi_sync_source_enabled", master ? "ON" : "OFF"),
    loose(lab, "rpl_semi_sync_source_wait_point", "AFTER_SYNC"),
    loose(lab, "rpl_semi_sync_source_timeout", `${p.pair.semiSyncTimeoutMs}`),
    loose(lab, "rpl_semi_sync_replica_enabled", master ? "OFF" : "ON"),
  ];
}

export function renderMyCnf(lab: ResolvedLab, host: ResolvedHost, mysql: ResolvedServiceOf<"mysql">): string {
  const port = mysql.ports[0] ?? 3306;
  return [
    generatedHeader(lab, host.name, mysqlCnfPath(lab.release)),
    `# MySQL ${lab.release === "8.1" ? "5.1 (mysql51-server)" : "8.0 (mysql80-server)"}.`,
    "[mysqld]",
    "user = mysql",
    `port = ${port}`,
    `bind-address = ${mysql.bindAddress}`,
    `socket = ${MYSQL_SOCKET}`,
    `datadir = ${MYSQL_DATADIR}`,
    "# Grants name addresses, not host names: no DNS lookups on connect.",
    "skip-name-resolve",
    ...(lab.release === "8.1" ? ["# MySQL 5.1 defaults to MyISAM; RelStorage needs transactions.", "default-storage-engine = InnoDB"] : []),
    `innodb_buffer_pool_size = ${mysql.bufferPoolMiB}M`,
    `max_connections = ${maxConnections(lab, host, mysql)}`,
    "",
    ...replicationLines(lab, host),
    ...semiSyncLines(lab, host),
  ].join("\n");
}
