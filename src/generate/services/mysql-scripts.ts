// The scripts ifstated runs on a db host when its CARP state for the mysql VIP changes, and the
// root-only option file they read credentials from. Promote: stop fetching, let the SQL thread drain
// the relay log (bounded), forget the master, become writable; but a server that is no replica while
// its peer answers and replicates from nobody here was away while the peer was promoted: it stays
// read-only, follows the peer (GTID auto-position; 5.1 must be rebuilt by hand) and hands the VIP back
// with a high advskew. Fence: read-only, and a fenced server that replicates from nobody follows a
// writable peer. On 14.x a promoted server persists read_only for its next start (mysqld-auto.cnf),
// so a master that was away comes back fenced. 8.1 (MySQL 5.1) says SLAVE/MASTER and has neither
// RESET SLAVE ALL, super_read_only, GTIDs nor SET PERSIST.

import type { ResolvedHost, ResolvedLab, ResolvedMysqlPair } from "../../model/types.js";
import { carpInterface81 } from "../host/host-lookup.js";
import { SCRIPT } from "../paths.js";
import { optionFileValue, sqlString } from "./config-quote.js";
import { generatedHeader, hostNamed } from "./lookup.js";
import { mysqlPlacement, replicationAddress } from "./mysql-topology.js";
import { MYSQL_SOCKET, MYSQL_ROOT_CNF } from "./service-paths.js";

/** How long promotion waits for the SQL thread to apply what the IO thread fetched. */
export const DRAIN_TIMEOUT_S = 30;

/** The advskew a stale server sets when it refuses to promote: its peer (preempt on) takes the VIP back. */
export const HANDBACK_ADVSKEW = 240;

/** mysql --connect-timeout of the peer check: a peer that does not answer within it counts as away. */
export const PEER_CONNECT_TIMEOUT_S = 5;

/** root.cnf's option group suffix for the peer's replication account ([client_peer]). */
const PEER_GROUP_SUFFIX = "_peer";

interface Dialect {
  readonly status: string;
  readonly stopIo: string;
  readonly stop: string;
  readonly reset: string;
  readonly sqlRunning: string;
  readonly readFile: string;
  readonly execFile: string;
  readonly readPos: string;
  readonly execPos: string;
}

const MYSQL8: Dialect = {
  status: "SHOW REPLICA STATUS\\G", stopIo: "STOP REPLICA IO_THREAD", stop: "STOP REPLICA", reset: "RESET REPLICA ALL",
  sqlRunning: "Replica_SQL_Running", readFile: "Source_Log_File", execFile: "Relay_Source_Log_File",
  readPos: "Read_Source_Log_Pos", execPos: "Exec_Source_Log_Pos",
};

const MYSQL51: Dialect = {
  status: "SHOW SLAVE STATUS\\G", stopIo: "STOP SLAVE IO_THREAD", stop: "STOP SLAVE", reset: "RESET SLAVE",
  sqlRunning: "Slave_SQL_Running", readFile: "Master_Log_File", execFile: "Relay_Master_Log_File",
  readPos: "Read_Master_Log_Pos", execPos: "Exec_Master_Log_Pos",
};

/** The other member of the pair `host` belongs to. */
export function mysqlPeer(pair: ResolvedMysqlPair, host: string): string {
  return pair.master === host ? pair.replica : pair.master;
}

/**
 * The command that sets `host`'s advskew on the pair's vhid: `ifconfig lagg1 vhid 3 advskew 240` on
 * 14.x, `ifconfig carp0 advskew 240` on 8.1 (the simulator runs the same text).
 */
export function carpAdvskewCommand(lab: ResolvedLab, pair: ResolvedMysqlPair, host: string, advskew: number): string | undefined {
  const h = hostNamed(lab, host);
  const m = h?.carp.find((c) => c.group === pair.carp);
  if (!h || !m) return undefined;
  return lab.release === "8.1" ? `ifconfig ${carpInterface81(h, m)} advskew ${advskew}` : `ifconfig ${m.interface} vhid ${m.vhid} advskew ${advskew}`;
}

/** The advskew rc.conf gives `host` on the pair's vhid. */
export function configuredAdvskew(lab: ResolvedLab, pair: ResolvedMysqlPair, host: string): number | undefined {
  return hostNamed(lab, host)?.carp.find((c) => c.group === pair.carp)?.advskew;
}

function common(tag: string): string[] {
  return [
    "set -eu",
    "PATH=/sbin:/bin:/usr/sbin:/usr/bin:/usr/local/sbin:/usr/local/bin",
    "export PATH",
    "",
    `log() { logger -t ${tag} -p daemon.notice -- "$*"; }`,
    `sql() { mysql --defaults-extra-file=${MYSQL_ROOT_CNF} --batch --skip-column-names -e "$1"; }`,
  ];
}

/** peer_sql(): the peer's mysqld as the replication user of root.cnf's [client_peer], bounded wait. */
function peerHelpers(lab: ResolvedLab, pair: ResolvedMysqlPair, host: string): string[] {
  const peer = mysqlPeer(pair, host);
  const lines = [
    `# ${peer}'s mysqld as the replication user ([client${PEER_GROUP_SUFFIX}] of root.cnf), giving up after ${PEER_CONNECT_TIMEOUT_S} s.`,
    `peer_sql() { mysql --defaults-extra-file=${MYSQL_ROOT_CNF} --defaults-group-suffix=${PEER_GROUP_SUFFIX} --connect-timeout=${PEER_CONNECT_TIMEOUT_S} --batch --skip-column-names -e "$1"; }`,
    ...(lab.release === "8.1"
      ? [
          `# ${peer} is ahead of this server: MySQL 5.1 has no GTIDs, so a writable ${peer} (read_only OFF) counts as ahead.`,
          "peer_ahead() { [ \"$(peer_sql 'SELECT @@global.read_only' 2>/dev/null)\" = 0 ]; }",
        ]
      : [
          `# ${peer} is ahead of this server: it holds transactions this one lacks (at the cluster's first start both are empty).`,
          "peer_ahead() {",
          "  mine=$(sql 'SELECT @@global.gtid_executed' | tr -d '\\n')",
          "  [ \"$(peer_sql \"SELECT GTID_SUBSET(@@global.gtid_executed, '$mine')\" 2>/dev/null)\" = 0 ]",
          "}",
        ]),
  ];
  if (lab.release === "8.1") return lines;
  const address = replicationAddress(lab, pair, peer);
  const user = sqlString(pair.replicationUser, "replication user");
  return [
    ...lines,
    `# Follow ${peer}: GTID auto-position fetches exactly what this server lacks; its own extra transactions stay (errant).`,
    "follow_peer() {",
    `  pw=$(my_print_defaults --defaults-extra-file=${MYSQL_ROOT_CNF} -s client${PEER_GROUP_SUFFIX} | sed -n 's/^--password=//p' | sed -e 's/\\\\/\\\\\\\\/g' -e "s/'/''/g")`,
    `  sql "STOP REPLICA; CHANGE REPLICATION SOURCE TO SOURCE_HOST=${sqlString(address)}, SOURCE_PORT=${pair.port}, SOURCE_USER=${user}, SOURCE_PASSWORD='$pw', SOURCE_AUTO_POSITION=1, SOURCE_SSL=1; START REPLICA"`,
    "}",
  ];
}

function staleBranch(lab: ResolvedLab, pair: ResolvedMysqlPair, host: string): string[] {
  const peer = mysqlPeer(pair, host);
  const handback = carpAdvskewCommand(lab, pair, host, HANDBACK_ADVSKEW);
  return [
    `elif peer_ahead && [ "$(sql "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'")" = 0 ]; then`,
    `  log "${peer} is ahead of this server and replicates from nobody here: it was promoted while this server was away; not promoting stale data"`,
    lab.release === "8.1" ? "  sql 'SET GLOBAL read_only = ON'" : "  sql 'SET GLOBAL super_read_only = ON'",
    ...(lab.release === "8.1"
      ? [`  log "MySQL 5.1 has no GTIDs: rebuild this server from ${peer} (mysqldump --master-data), then CHANGE MASTER TO"`]
      : ["  follow_peer", `  log "following ${peer} (GTID auto-position)"`]),
    ...(handback ? [`  ${handback}`, `  log "CARP advskew ${HANDBACK_ADVSKEW}: the VIP goes back to ${peer}"`] : []),
    "  exit 1",
  ];
}

export function renderPromoteScript(lab: ResolvedLab, host: ResolvedHost): string {
  const d = lab.release === "8.1" ? MYSQL51 : MYSQL8;
  const pair = mysqlPlacement(lab, host.name).pair;
  const semiSync = lab.release !== "8.1" && pair?.semiSync === true;
  const peer = pair ? mysqlPeer(pair, host.name) : undefined;
  const advskew = pair ? configuredAdvskew(lab, pair, host.name) : undefined;
  const restore = pair && advskew !== undefined ? carpAdvskewCommand(lab, pair, host.name, advskew) : undefined;
  return [
    "#!/bin/sh",
    generatedHeader(lab, host.name, SCRIPT.mysqlPromote),
    `# ifstated runs this when ${host.name} becomes CARP master of the mysql VIP${pair ? ` ${pair.vip}` : ""}: make this MySQL the`,
    "# writable master. Running it again (or on the master itself) only makes sure it is writable.",
    ...(peer
      ? [
        `# A server that is no replica, while ${peer} is ahead of it and replicates from nobody here, was away while ${peer}`,
        `# was promoted: it stays read-only, ${lab.release === "8.1" ? "waits to be rebuilt" : `follows ${peer}`} and hands the VIP back (advskew ${HANDBACK_ADVSKEW}), exit 1.`,
      ]
      : []),
    ...common("mysql-promote"),
    ...(pair ? peerHelpers(lab, pair, host.name) : []),
    `# One field of the saved ${d.status.replace("\\G", "")} output.`,
    `field() { printf '%s\\n' "$status" | awk -F': ' -v k="$1" '{ sub(/^ +/, "", $1) } $1 == k { print $2; exit }'; }`,
    "",
    `if ! status=$(sql '${d.status}'); then`,
    '  log "mysqld unreachable: not promoted"',
    "  exit 1",
    "fi",
    'if [ -n "$status" ]; then',
    '  log "stopping the IO thread, draining the relay log"',
    `  sql '${d.stopIo}'`,
    "  waited=0",
    "  while :; do",
    `    if ! status=$(sql '${d.status}'); then`,
    '      log "mysqld unreachable while draining: not promoted"',
    "      exit 1",
    "    fi",
    `    if [ "$(field ${d.sqlRunning})" != "Yes" ]; then`,
    `      log "SQL thread stopped (Last_SQL_Error: $(field Last_SQL_Error)); promoting with what it applied"`,
    "      break",
    "    fi",
    `    if [ "$(field ${d.execFile})" = "$(field ${d.readFile})" ] && [ "$(field ${d.execPos})" = "$(field ${d.readPos})" ]; then`,
    '      log "relay log drained"',
    "      break",
    "    fi",
    `    if [ "$waited" -ge ${DRAIN_TIMEOUT_S} ]; then`,
    `      log "relay log not drained after ${DRAIN_TIMEOUT_S} s: promoting anyway, the rest is lost"`,
    "      break",
    "    fi",
    "    sleep 1",
    "    waited=$((waited + 1))",
    "  done",
    `  sql '${d.stop}'`,
    `  sql '${d.reset}'`,
    ...(pair ? staleBranch(lab, pair, host.name) : []),
    "fi",
    ...(lab.release === "8.1"
      ? []
      : [
        "# The next start comes up read-only whatever my.cnf says (mysqld-auto.cnf wins): only this script makes it writable.",
        "sql 'SET PERSIST_ONLY read_only = ON, super_read_only = ON'",
        "sql 'SET GLOBAL super_read_only = OFF'",
      ]),
    "sql 'SET GLOBAL read_only = OFF'",
    ...(semiSync ? ["sql 'SET GLOBAL rpl_semi_sync_replica_enabled = OFF'", "sql 'SET GLOBAL rpl_semi_sync_source_enabled = ON'"] : []),
    ...(restore ? [`# The configured priority again (after handing the VIP back this host had advskew ${HANDBACK_ADVSKEW}).`, restore] : []),
    'log "promoted: writable master"',
  ].join("\n");
}

export function renderFenceScript(lab: ResolvedLab, host: ResolvedHost): string {
  const d = lab.release === "8.1" ? MYSQL51 : MYSQL8;
  const pair = mysqlPlacement(lab, host.name).pair;
  const peer = pair ? mysqlPeer(pair, host.name) : undefined;
  return [
    "#!/bin/sh",
    generatedHeader(lab, host.name, SCRIPT.mysqlFence),
    `# ifstated runs this when ${host.name} stops being CARP master of the mysql VIP: no client may write here`,
    "# any more (the other member is being promoted). Idempotent.",
    ...common("mysql-fence"),
    ...(pair ? peerHelpers(lab, pair, host.name) : []),
    "",
    // super_read_only=ON sets read_only=ON too; read_only alone still lets root write.
    ...(lab.release === "8.1"
      ? ["if ! sql 'SET GLOBAL read_only = ON'; then"]
      : ["if ! sql 'SET GLOBAL super_read_only = ON'; then"]),
    '  log "mysqld unreachable: not fenced (it starts writable if it is the master of my.cnf)"',
    "  exit 1",
    "fi",
    ...(lab.release === "8.1" ? [] : ["sql 'SET GLOBAL read_only = ON'"]),
    ...(peer
      ? [
        `# Replicating from nobody while ${peer} is the writable master (promoted while this server was away, or`,
        "# the survivor of a split brain): follow it, so that this server can take over again later.",
        `if [ -z "$(sql '${d.status}')" ] && [ "$(peer_sql 'SELECT @@global.read_only' 2>/dev/null)" = 0 ]; then`,
        ...(lab.release === "8.1"
          ? [`  log "${peer} is the writable master and this server replicates from nobody: rebuild it from ${peer} (mysqldump --master-data), then CHANGE MASTER TO"`]
          : ["  follow_peer", `  log "following ${peer}, the writable master (GTID auto-position)"`]),
        "fi",
      ]
      : []),
    'log "fenced: read-only"',
  ].join("\n");
}

export function renderRootMyCnf(lab: ResolvedLab, host: ResolvedHost): string {
  const pair = mysqlPlacement(lab, host.name).pair;
  const peer = pair ? mysqlPeer(pair, host.name) : undefined;
  return [
    generatedHeader(lab, host.name, MYSQL_ROOT_CNF),
    `# Root's client credentials (mode 0600) for the promote/fence scripts; by hand: mysql --defaults-extra-file=${MYSQL_ROOT_CNF}`,
    "[client]",
    "user = root",
    `password = ${optionFileValue(lab.secrets.mysql.rootPassword, "root password")}`,
    `socket = ${MYSQL_SOCKET}`,
    ...(pair && peer
      ? [
        "",
        `# ${peer}'s mysqld as the replication user (the scripts' peer check and re-pointing): --defaults-group-suffix=${PEER_GROUP_SUFFIX}`,
        `[client${PEER_GROUP_SUFFIX}]`,
        `user = ${optionFileValue(pair.replicationUser, "replication user")}`,
        `password = ${optionFileValue(lab.secrets.mysql.replicationPassword, "replication password")}`,
        `host = ${replicationAddress(lab, pair, peer)}`,
        `port = ${pair.port}`,
      ]
      : []),
  ].join("\n");
}
