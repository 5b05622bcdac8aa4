// The scripts ifstated runs on a db host when its CARP state for the mysql VIP changes, and the
// root-only option file they read credentials from. Promote: stop fetching, let the SQL thread drain
// the relay log (bounded), forget the master, become writable. Fence: read-only. Both idempotent.
// 8.1 (MySQL 5.1) says SLAVE/MASTER and has neither RESET SLAVE ALL nor super_read_only.

import type { ResolvedHost, ResolvedLab } from "../../model/types.js";
import { SCRIPT } from "../paths.js";
import { optionFileValue } from "./config-quote.js";
import { generatedHeader } from "./lookup.js";
import { mysqlPlacement } from "./mysql-topology.js";
import { MYSQL_SOCKET, MYSQL_ROOT_CNF } from "./service-paths.js";

/** How long promotion waits for the SQL thread to apply what the IO thread fetched. */
export const DRAIN_TIMEOUT_S = 30;

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

export function renderPromoteScript(lab: ResolvedLab, host: ResolvedHost): string {
  const d = lab.release === "8.1" ? MYSQL51 : MYSQL8;
  const pair = mysqlPlacement(lab, host.name).pair;
  const semiSync = lab.release !== "8.1" && pair?.semiSync === true;
  return [
    "#!/bin/sh",
    generatedHeader(lab, host.name, SCRIPT.mysqlPromote),
    `# ifstated runs this when ${host.name} becomes CARP master of the mysql VIP${pair ? ` ${pair.vip}` : ""}: make this MySQL the`,
    "# writable master. Running it again (or on the master itself) only makes sure it is writable.",
    ...common("mysql-promote"),
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
    "fi",
    ...(lab.release === "8.1" ? [] : ["sql 'SET GLOBAL super_read_only = OFF'"]),
    "sql 'SET GLOBAL read_only = OFF'",
    ...(semiSync ? ["sql 'SET GLOBAL rpl_semi_sync_replica_enabled = OFF'", "sql 'SET GLOBAL rpl_semi_sync_source_enabled = ON'"] : []),
    'log "promoted: writable master"',
  ].join("\n");
}

export function renderFenceScript(lab: ResolvedLab, host: ResolvedHost): string {
  return [
    "#!/bin/sh",
    generatedHeader(lab, host.name, SCRIPT.mysqlFence),
    `# ifstated runs this when ${host.name} stops being CARP master of the mysql VIP: no client may write here`,
    "# any more (the other member is being promoted). Idempotent.",
    ...common("mysql-fence"),
    "",
    // super_read_only=ON sets read_only=ON too; read_only alone still lets root write.
    ...(lab.release === "8.1"
      ? ["if ! sql 'SET GLOBAL read_only = ON'; then"]
      : ["if ! sql 'SET GLOBAL super_read_only = ON'; then"]),
    '  log "mysqld unreachable: not fenced (it starts writable if it is the master of my.cnf)"',
    "  exit 1",
    "fi",
    ...(lab.release === "8.1" ? [] : ["sql 'SET GLOBAL read_only = ON'"]),
    'log "fenced: read-only"',
  ].join("\n");
}

export function renderRootMyCnf(lab: ResolvedLab, host: ResolvedHost): string {
  return [
    generatedHeader(lab, host.name, MYSQL_ROOT_CNF),
    `# Root's client credentials (mode 0600) for the promote/fence scripts; by hand: mysql --defaults-extra-file=${MYSQL_ROOT_CNF}`,
    "[client]",
    "user = root",
    `password = ${optionFileValue(lab.secrets.mysql.rootPassword, "root password")}`,
    `socket = ${MYSQL_SOCKET}`,
  ].join("\n");
}
