// What the database files say: my.cnf per role and release, the replication SQL with the lab's own
// secrets (never a fixed password), the statements of each MySQL release, modes of secret files.
import { describe, expect, it } from "vitest";
import { MODE_SCRIPT, MODE_SECRET } from "../../../src/generate/artifact.js";
import { SCRIPT } from "../../../src/generate/paths.js";
import { MYSQL8_ONLY_OPTIONS } from "../../../src/generate/services/mysql-cnf.js";
import { MYSQL_MASTER_SQL, MYSQL_REPLICA_SQL, mysqlCnfPath, MYSQL_ROOT_CNF } from "../../../src/generate/services/service-paths.js";
import { testSecrets } from "../../support/reference-lab.js";
import { file, referenceServices, RELEASES, resolveEdited, services } from "./support.js";

const option = (cnf: string, name: string) => new RegExp(`^(loose-)?${name} = (.*)$`, "m").exec(cnf)?.[2];

describe.each(RELEASES)("my.cnf, FreeBSD %s", (release) => {
  const artifacts = referenceServices(release);
  const master = file(artifacts, "db01", mysqlCnfPath(release)).content;
  const replica = file(artifacts, "db02", mysqlCnfPath(release)).content;

  it("master: server_id 1, binary log in ROW format, durable commits, writable", () => {
    expect(option(master, "server_id")).toBe("1");
    expect(option(master, "log_bin")).toBe("mysql-bin");
    expect(option(master, "binlog_format")).toBe("ROW");
    expect(option(master, "sync_binlog")).toBe("1");
    expect(option(master, "innodb_flush_log_at_trx_commit")).toBe("1");
    expect(option(master, "bind-address")).toBe("0.0.0.0");
    expect(option(master, "read_only")).toBeUndefined();
  });

  it("replica: server_id 2, relay log, read_only (super_read_only on MySQL 8 only)", () => {
    expect(option(replica, "server_id")).toBe("2");
    expect(option(replica, "relay_log")).toBe("relay-bin");
    expect(option(replica, "read_only")).toBe("ON");
    expect(option(replica, "super_read_only")).toBe(release === "8.1" ? undefined : "ON");
  });

  it("GTIDs on MySQL 8 only, and only the known MySQL-8 options are loose-", () => {
    expect(option(master, "gtid_mode")).toBe(release === "8.1" ? undefined : "ON");
    const loose = [...`${master}\n${replica}`.matchAll(/^loose-(\w+) =/gm)].map((m) => m[1]);
    for (const name of loose) expect(MYSQL8_ONLY_OPTIONS).toContain(name);
    if (release === "8.1") expect(loose).toEqual([]);
  });
});

it("my.cnf is where each release's rc script reads it", () => {
  expect(file(referenceServices("14.2"), "db01", "/usr/local/etc/mysql/my.cnf")).toBeDefined();
  expect(file(referenceServices("8.1"), "db01", "/var/db/mysql/my.cnf")).toBeDefined();
});

describe("semi-synchronous replication", () => {
  const semi = (release: "14.2" | "8.1") =>
    services(resolveEdited(release, (spec) => Object.assign(spec.mysql[0], { semiSync: true, semiSyncTimeoutMs: 2500 })));

  it("14.2: both plugins, AFTER_SYNC, the model's timeout; source side on the master, replica side on the replica", () => {
    const artifacts = semi("14.2");
    const master = file(artifacts, "db01", mysqlCnfPath("14.2")).content;
    const replica = file(artifacts, "db02", mysqlCnfPath("14.2")).content;
    for (const cnf of [master, replica]) {
      expect(cnf).toContain("plugin-load-add = semisync_source.so");
      expect(cnf).toContain("plugin-load-add = semisync_replica.so");
      expect(option(cnf, "rpl_semi_sync_source_wait_point")).toBe("AFTER_SYNC");
      expect(option(cnf, "rpl_semi_sync_source_timeout")).toBe("2500");
    }
    expect(option(master, "rpl_semi_sync_source_enabled")).toBe("ON");
    expect(option(replica, "rpl_semi_sync_replica_enabled")).toBe("ON");
    expect(option(replica, "rpl_semi_sync_source_enabled")).toBe("OFF");
    expect(file(artifacts, "db02", SCRIPT.mysqlPromote).content).toContain("SET GLOBAL rpl_semi_sync_source_enabled = ON");
  });

  it("8.1: MySQL 5.1 has no semi-sync; the file says so instead of writing options 5.1 refuses", () => {
    const cnf = file(semi("8.1"), "db01", mysqlCnfPath("8.1")).content;
    expect(cnf).not.toContain("rpl_semi_sync");
    expect(cnf).toMatch(/arrived in MySQL 5\.5/);
  });

  it("no semi-sync settings when the pair does not ask for them", () => {
    expect(file(referenceServices("14.2"), "db01", mysqlCnfPath("14.2")).content).not.toContain("semisync");
  });
});

describe.each(RELEASES)("replication SQL, FreeBSD %s", (release) => {
  const alpha = testSecrets("alpha");
  const artifacts = referenceServices(release, alpha);
  const masterSql = file(artifacts, "db01", MYSQL_MASTER_SQL);
  const replicaSql = file(artifacts, "db02", MYSQL_REPLICA_SQL);

  it("uses the lab's secrets: replication, app and root passwords", () => {
    expect(masterSql.content).toContain(`'${alpha.mysql.replicationPassword}'`);
    expect(masterSql.content).toContain(`'${alpha.mysql.appPassword}'`);
    expect(masterSql.content).toContain(`'${alpha.mysql.rootPassword}'`);
    expect(replicaSql.content).toContain(`'${alpha.mysql.replicationPassword}'`);
  });

  it("never a fixed password: another lab's secrets replace every one of them", () => {
    const beta = testSecrets("beta");
    const other = referenceServices(release, beta);
    for (const [host, path] of [["db01", MYSQL_MASTER_SQL], ["db02", MYSQL_REPLICA_SQL]] as const) {
      const a = file(artifacts, host, path).content;
      const b = file(other, host, path).content;
      const swapped = Object.entries(alpha.mysql).reduce((text, [k, v]) => text.replaceAll(v, beta.mysql[k as keyof typeof beta.mysql]), a);
      expect(swapped).toBe(b);
      const literals = [...a.matchAll(/IDENTIFIED BY '([^']*)'|PASSWORD\('([^']*)'\)|_PASSWORD='([^']*)'/g)].map((m) => m[1] ?? m[2] ?? m[3]);
      expect(literals.length).toBeGreaterThan(0);
      for (const pw of literals) expect(Object.values(alpha.mysql)).toContain(pw);
    }
  });

  it("app user only from the app hosts' addresses, replication user from the db hosts on the db network", () => {
    const grants = [...masterSql.content.matchAll(/GRANT (.+) ON (\S+) TO '(\w+)'@'([\d.]+)'/g)].map((m) => `${m[3]}@${m[4]} ${m[1]} ${m[2]}`);
    expect(grants.filter((g) => g.startsWith("plone@")).sort()).toEqual([
      "plone@10.0.20.21 ALL PRIVILEGES `plone`.*",
      "plone@10.0.20.22 ALL PRIVILEGES `plone`.*",
    ]);
    expect(grants.filter((g) => g.startsWith("repl@")).sort()).toEqual([
      "repl@10.0.30.31 REPLICATION SLAVE *.*",
      "repl@10.0.30.32 REPLICATION SLAVE *.*",
    ]);
  });

  it("points the replica at the master's address on the db network, in the release's own statement", () => {
    if (release === "8.1") {
      expect(replicaSql.content).toMatch(/CHANGE MASTER TO MASTER_HOST='10\.0\.30\.31', MASTER_PORT=3306, MASTER_USER='repl'/);
      expect(replicaSql.content).toContain("START SLAVE;");
      expect(replicaSql.content).not.toMatch(/REPLICATION SOURCE|START REPLICA|super_read_only/);
    } else {
      expect(replicaSql.content).toMatch(/CHANGE REPLICATION SOURCE TO SOURCE_HOST='10\.0\.30\.31', SOURCE_PORT=3306, SOURCE_USER='repl'/);
      expect(replicaSql.content).toContain("SOURCE_AUTO_POSITION=1");
      expect(replicaSql.content).toContain("START REPLICA;");
      expect(replicaSql.content).not.toMatch(/CHANGE MASTER|START SLAVE/);
    }
  });

  it("files with passwords are 0600, the scripts 0755", () => {
    expect(masterSql.mode).toBe(MODE_SECRET);
    expect(replicaSql.mode).toBe(MODE_SECRET);
    for (const db of ["db01", "db02"]) {
      expect(file(artifacts, db, MYSQL_ROOT_CNF).mode).toBe(MODE_SECRET);
      expect(file(artifacts, db, MYSQL_ROOT_CNF).content).toContain(`password = "${alpha.mysql.rootPassword}"`);
      expect(file(artifacts, db, SCRIPT.mysqlPromote).mode).toBe(MODE_SCRIPT);
      expect(file(artifacts, db, SCRIPT.mysqlFence).mode).toBe(MODE_SCRIPT);
    }
  });
});
