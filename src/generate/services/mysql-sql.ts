// The replication setup SQL of a pair, run once by provisioning as root: the master file creates the
// database, the replication user (from either member, the roles swap) and the app user (from the app
// hosts only); the replica file points the replica at the master's address on the replication network.
// MySQL 5.1 (8.1): GRANT ... IDENTIFIED BY, SET PASSWORD, CHANGE MASTER TO from the first binary log.
// MySQL 8 (14.x): CREATE USER IF NOT EXISTS / ALTER USER, CHANGE REPLICATION SOURCE TO with GTID.

import type { ResolvedLab, ResolvedMysqlPair } from "../../model/types.js";
import { sqlAccount, sqlIdentifier, sqlString } from "./config-quote.js";
import { generatedHeader } from "./lookup.js";
import { clientAddresses, replicationAddress, replicationNetwork } from "./mysql-topology.js";
import { MYSQL_MASTER_SQL, MYSQL_REPLICA_SQL, MYSQL_ROOT_CNF } from "./service-paths.js";

/** MySQL 5.1 user names hold at most 16 characters (32 from 5.7 on). */
const MYSQL51_USER_MAX = 16;

/** The database and app user of a pair: the pair's name ("plone"). */
export function appDatabase(pair: ResolvedMysqlPair): { db: string; user: string } {
  return { db: pair.name, user: pair.name };
}

function checkUserLength(lab: ResolvedLab, user: string): void {
  if (lab.release === "8.1" && user.length > MYSQL51_USER_MAX) {
    throw new Error(`MySQL 5.1 user names are at most ${MYSQL51_USER_MAX} characters: ${user}`);
  }
}

/** Creates or re-keys an account and grants it `privileges`: safe to run again. */
function account(lab: ResolvedLab, user: string, host: string, password: string, privileges: string, on: string): string[] {
  checkUserLength(lab, user);
  const who = sqlAccount(user, host);
  const pw = sqlString(password, "password");
  if (lab.release === "8.1") return [`GRANT ${privileges} ON ${on} TO ${who} IDENTIFIED BY ${pw};`];
  return [`CREATE USER IF NOT EXISTS ${who} IDENTIFIED BY ${pw};`, `ALTER USER ${who} IDENTIFIED BY ${pw};`, `GRANT ${privileges} ON ${on} TO ${who};`];
}

function rootPassword(lab: ResolvedLab): string {
  const pw = sqlString(lab.secrets.mysql.rootPassword, "root password");
  return lab.release === "8.1"
    ? `SET PASSWORD FOR 'root'@'localhost' = PASSWORD(${pw});`
    : `ALTER USER 'root'@'localhost' IDENTIFIED BY ${pw};`;
}

export function renderMasterSql(lab: ResolvedLab, pair: ResolvedMysqlPair): string {
  const { db, user } = appDatabase(pair);
  const repl = [pair.master, pair.replica].map((h) => replicationAddress(lab, pair, h));
  const secrets = lab.secrets.mysql;
  return [
    generatedHeader(lab, pair.master, MYSQL_MASTER_SQL, "--"),
    `-- Run once as root on ${pair.master}, the first master of pair ${pair.name}, after mysqld's first start with`,
    "-- the generated my.cnf: the statements go into the binary log, and the replica replays them from there.",
    `-- It sets root's password first (still empty on a fresh datadir); afterwards ${MYSQL_ROOT_CNF} holds it.`,
    rootPassword(lab),
    `CREATE DATABASE IF NOT EXISTS ${sqlIdentifier(db)};`,
    "",
    `-- Replication user, from both members' addresses on ${replicationNetwork(lab, pair)} (after a failover the other one replicates).`,
    ...repl.flatMap((address) => account(lab, pair.replicationUser, address, secrets.replicationPassword, "REPLICATION SLAVE", "*.*")),
    "",
    `-- The application (RelStorage of the Zope instances), only from the app hosts: ${pair.clients.join(", ")}.`,
    ...clientAddresses(lab, pair).flatMap((address) => account(lab, user, address, secrets.appPassword, "ALL PRIVILEGES", `${sqlIdentifier(db)}.*`)),
    ...(lab.release === "8.1" ? ["FLUSH PRIVILEGES;"] : []),
  ].join("\n");
}

export function renderReplicaSql(lab: ResolvedLab, pair: ResolvedMysqlPair): string {
  const master = replicationAddress(lab, pair, pair.master);
  const user = sqlString(pair.replicationUser, "replication user");
  const pw = sqlString(lab.secrets.mysql.replicationPassword, "replication password");
  const header = [
    generatedHeader(lab, pair.replica, MYSQL_REPLICA_SQL, "--"),
    `-- Run as root on ${pair.replica}, the replica of pair ${pair.name}, after the master's file ran on ${pair.master}.`,
    `-- It replicates from ${pair.master} at ${master} (${replicationNetwork(lab, pair)} network); users and the database arrive`,
    "-- through replication. Only the local root password is set here, kept out of the binary log.",
  ];
  const localRoot = ["SET sql_log_bin = 0;", rootPassword(lab), "SET sql_log_bin = 1;", ""];
  if (lab.release === "8.1") {
    return [
      ...header,
      ...localRoot,
      "-- No GTIDs in 5.1: start from the master's first binary log, which holds everything since its first start.",
      "-- Run it once: running it again replays from the start (provision.sh runs it only while SHOW SLAVE STATUS is empty).",
      `CHANGE MASTER TO MASTER_HOST=${sqlString(master)}, MASTER_PORT=${pair.port}, MASTER_USER=${user}, MASTER_PASSWORD=${pw},`,
      "  MASTER_LOG_FILE='mysql-bin.000001', MASTER_LOG_POS=4;",
      "START SLAVE;",
    ].join("\n");
  }
  return [
    ...header,
    "-- super_read_only (my.cnf) stops even root; read_only stays on meanwhile, so clients still cannot write.",
    "SET GLOBAL super_read_only = OFF;",
    "-- Out of the binary log, the local change gets no GTID of its own (no errant transaction after a failover).",
    ...localRoot,
    "-- GTID auto-positioning: safe to run again, the replica asks for what it has not executed yet.",
    "-- SOURCE_SSL=1: the replication user authenticates with caching_sha2_password, which needs TLS (or an RSA key).",
    "STOP REPLICA;",
    `CHANGE REPLICATION SOURCE TO SOURCE_HOST=${sqlString(master)}, SOURCE_PORT=${pair.port}, SOURCE_USER=${user}, SOURCE_PASSWORD=${pw},`,
    "  SOURCE_AUTO_POSITION=1, SOURCE_SSL=1;",
    "START REPLICA;",
    "SET GLOBAL super_read_only = ON;",
  ].join("\n");
}
