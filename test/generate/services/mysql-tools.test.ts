// The database files through real programs: mariadbd parses each my.cnf (--help --verbose prints the
// values it read, nothing is started), my_print_defaults reads root.cnf back, shellcheck checks
// the promote/fence scripts. MySQL 8 itself is not packaged here; MariaDB shares its option parser.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import type { Artifact } from "../../../src/generate/artifact.js";
import { SCRIPT } from "../../../src/generate/paths.js";
import { MYSQL8_ONLY_OPTIONS, MYSQL8_SEMISYNC_PLUGINS } from "../../../src/generate/services/mysql-cnf.js";
import { mysqlCnfPath, MYSQL_ROOT_CNF } from "../../../src/generate/services/service-paths.js";
import type { Release } from "../../../src/model/types.js";
import { testSecrets } from "../../support/reference-lab.js";
import { describeWithTool, runTool } from "../../support/tools.js";
import { file, referenceServices, RELEASES, resolveEdited, services, tempDir, writeIn } from "./support.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const scratch = (prefix: string) => {
  const d = tempDir(prefix);
  dirs.push(d);
  return d;
};

const semiSync = (release: Release) => services(resolveEdited(release, (spec) => Object.assign(spec.mysql[0], { semiSync: true })));

/** The value mariadbd reports for `name` in its "Variables (--variable-name=value)" table. */
const reported = (out: string, name: string) => new RegExp(`^${name} +(\\S.*)$`, "m").exec(out)?.[1];

/**
 * mariadbd --defaults-file=F --help --verbose, with --datadir pointed into a temporary directory so
 * nothing can touch a real data directory. Only the `loose-` MySQL-8 options may be unknown (a warning
 * each) and only MySQL's semi-sync libraries may fail to load (MariaDB has its own built in).
 */
function checkMyCnf(cnf: Artifact): string {
  const dir = scratch("mycnf");
  const path = writeIn(dir, "my.cnf", cnf.content);
  const r = runTool("mariadbd", [`--defaults-file=${path}`, `--datadir=${join(dir, "data")}`, "--help", "--verbose"]);
  expect(r.status, r.stderr).toBe(0);
  const loose = [...cnf.content.matchAll(/^loose-(\w+) = (.*)$/gm)].map((m) => `loose-${m[1]}=${m[2]}`);
  const unknown = [...r.stderr.matchAll(/unknown variable '([^']+)'/g)].map((m) => m[1]);
  expect(unknown.sort()).toEqual(loose.sort());
  for (const option of loose) expect(MYSQL8_ONLY_OPTIONS).toContain(option.slice("loose-".length, option.indexOf("=")));
  const errors = r.stderr.split("\n").filter((l) => l.includes("[ERROR]"));
  for (const line of errors) {
    expect(MYSQL8_SEMISYNC_PLUGINS.some((lib) => line.includes(lib)), line).toBe(true);
  }
  return r.stdout;
}

describeWithTool("mariadbd", "mariadbd reads every my.cnf", () => {
  it.each(RELEASES)("FreeBSD %s: the values the server would run with", (release) => {
    const artifacts = referenceServices(release);
    const master = checkMyCnf(file(artifacts, "db01", mysqlCnfPath(release)));
    const replica = checkMyCnf(file(artifacts, "db02", mysqlCnfPath(release)));
    expect(reported(master, "server-id")).toBe("1");
    expect(reported(replica, "server-id")).toBe("2");
    expect(reported(master, "read-only")).toBe("FALSE");
    expect(reported(replica, "read-only")).toBe("TRUE");
    for (const out of [master, replica]) {
      expect(reported(out, "log-bin")).toBe("mysql-bin");
      expect(reported(out, "binlog-format")).toBe("ROW");
      expect(reported(out, "sync-binlog")).toBe("1");
      expect(reported(out, "innodb-flush-log-at-trx-commit")).toBe("1");
      expect(reported(out, "bind-address")).toBe("0.0.0.0");
      expect(reported(out, "relay-log")).toBe("relay-bin");
      expect(reported(out, "innodb-buffer-pool-size")).toBe(String(512 * 1024 * 1024));
    }
  });

  it("FreeBSD 14.2 with semi-sync: only MySQL's plugin libraries and loose- options are foreign", () => {
    const artifacts = semiSync("14.2");
    for (const db of ["db01", "db02"]) checkMyCnf(file(artifacts, db, mysqlCnfPath("14.2")));
  });

  it("a misspelt option fails the check (the check can fail)", () => {
    const cnf = file(referenceServices("14.2"), "db02", mysqlCnfPath("14.2"));
    const dir = scratch("mycnf");
    const path = writeIn(dir, "my.cnf", cnf.content.replace("sync_binlog", "sync_binlogg"));
    expect(runTool("mariadbd", [`--defaults-file=${path}`, `--datadir=${join(dir, "data")}`, "--help", "--verbose"]).status).not.toBe(0);
  });
});

describeWithTool("my_print_defaults", "my_print_defaults reads root.cnf back", () => {
  it("a password with quotes, backslash, # and spaces survives the option-file quoting", () => {
    const hostile = { ...testSecrets(), mysql: { ...testSecrets().mysql, rootPassword: `r"o#o t\\x$y'z ;` } };
    const lab = resolveEdited("14.2", () => {}, hostile);
    const cnf = file(services(lab), "db01", MYSQL_ROOT_CNF);
    const path = writeIn(scratch("rootcnf"), "root.cnf", cnf.content);
    const r = runTool("my_print_defaults", [`--defaults-file=${path}`, "client"]);
    expect(r.status, r.output).toBe(0);
    expect(r.stdout.split("\n")).toContain(`--password=${hostile.mysql.rootPassword}`);
    expect(r.stdout.split("\n")).toContain("--user=root");
  });
});

describeWithTool("shellcheck", "shellcheck -s sh passes the promote and fence scripts", () => {
  it.each(RELEASES)("FreeBSD %s", (release) => {
    for (const artifacts of [referenceServices(release), semiSync(release)]) {
      for (const db of ["db01", "db02"]) {
        for (const script of [SCRIPT.mysqlPromote, SCRIPT.mysqlFence]) {
          const a = file(artifacts, db, script);
          expect(a.content.startsWith("#!/bin/sh\n")).toBe(true);
          const r = runTool("shellcheck", ["-s", "sh", "-"], { input: a.content });
          expect(r.status, `${a.path}\n${r.output}`).toBe(0);
        }
      }
    }
  });
});
