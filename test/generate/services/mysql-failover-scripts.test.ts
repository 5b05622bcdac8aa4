// The promote and fence scripts run by sh against a fake `mysql` that records each statement and
// answers SHOW REPLICA/SLAVE STATUS from a scripted sequence: the drain loop, its bound, idempotency
// and the release's statements. The only change to the script: its PATH line puts the fakes (mysql,
// logger, sleep) first.
import { chmodSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SCRIPT } from "../../../src/generate/paths.js";
import { DRAIN_TIMEOUT_S } from "../../../src/generate/services/mysql-scripts.js";
import type { Release } from "../../../src/model/types.js";
import { runTool } from "../../support/tools.js";
import { file, referenceServices, tempDir, writeIn } from "./support.js";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const FAKE_MYSQL = `#!/bin/sh
stmt=""
while [ $# -gt 0 ]; do
  if [ "$1" = "-e" ]; then stmt=$2; shift; fi
  shift
done
printf '%s\\n' "$stmt" >> "$FAKE/statements"
[ -f "$FAKE/down" ] && exit 1
case "$stmt" in
  *STATUS*)
    n=$(cat "$FAKE/n" 2>/dev/null || echo 0)
    n=$((n + 1))
    echo "$n" > "$FAKE/n"
    if [ -f "$FAKE/status.$n" ]; then cat "$FAKE/status.$n"; elif [ -f "$FAKE/status.last" ]; then cat "$FAKE/status.last"; fi
    ;;
esac
exit 0
`;

interface Status { readonly running: boolean; readonly read: number; readonly exec: number }

/** SHOW ... STATUS\\G output in the release's field names. */
function statusText(release: Release, s: Status): string {
  const [src, io, sql] = release === "8.1" ? ["Master", "Slave_IO", "Slave_SQL"] : ["Source", "Replica_IO", "Replica_SQL"];
  return [
    "*************************** 1. row ***************************",
    `             ${src}_Host: 10.0.30.31`,
    `              ${src}_Log_File: mysql-bin.000003`,
    `          Read_${src}_Log_Pos: ${s.read}`,
    `        Relay_${src}_Log_File: mysql-bin.000003`,
    `               ${io}_Running: No`,
    `              ${sql}_Running: ${s.running ? "Yes" : "No"}`,
    `          Exec_${src}_Log_Pos: ${s.exec}`,
    `               Last_SQL_Error: ${s.running ? "" : "Error 'Duplicate entry' on query"}`,
    "",
  ].join("\n");
}

function run(release: Release, script: string, statuses: readonly Status[], down = false) {
  const dir = tempDir("failover");
  dirs.push(dir);
  const bin = join(dir, "bin");
  for (const [name, body] of [["mysql", FAKE_MYSQL], ["logger", `#!/bin/sh\nprintf '%s\\n' "$*" >> "$FAKE/syslog"\n`], ["sleep", `#!/bin/sh\necho x >> "$FAKE/sleeps"\n`]] as const) {
    chmodSync(writeIn(bin, name, body), 0o755);
  }
  statuses.forEach((s, i) => writeFileSync(join(dir, `status.${i + 1}`), statusText(release, s)));
  if (statuses.length) writeFileSync(join(dir, "status.last"), statusText(release, statuses[statuses.length - 1]!));
  if (down) writeFileSync(join(dir, "down"), "");
  const text = file(referenceServices(release), "db02", script).content;
  const local = text.replace(/^PATH=.*$/m, `PATH="${bin}:/usr/bin:/bin"`);
  expect(local).not.toBe(text);
  const path = writeIn(dir, "script.sh", local);
  const r = runTool("sh", [path], { env: { ...process.env, FAKE: dir } });
  const read = (name: string) => (existsSync(join(dir, name)) ? readFileSync(join(dir, name), "utf8").trim().split("\n").filter(Boolean) : []);
  return { status: r.status, output: r.output, statements: read("statements"), syslog: read("syslog").join("\n"), sleeps: read("sleeps").length };
}

const lagging: Status = { running: true, read: 1200, exec: 900 };
const drained: Status = { running: true, read: 1200, exec: 1200 };

describe("mysql-promote.sh, FreeBSD 14.2", () => {
  it("stops the IO thread, waits for the SQL thread to apply the relay log, forgets the master, becomes writable", () => {
    const r = run("14.2", SCRIPT.mysqlPromote, [lagging, lagging, drained]);
    expect(r.status, r.output).toBe(0);
    expect(r.statements).toEqual([
      "SHOW REPLICA STATUS\\G",
      "STOP REPLICA IO_THREAD",
      "SHOW REPLICA STATUS\\G",
      "SHOW REPLICA STATUS\\G",
      "STOP REPLICA",
      "RESET REPLICA ALL",
      "SET GLOBAL super_read_only = OFF",
      "SET GLOBAL read_only = OFF",
    ]);
    expect(r.sleeps).toBe(1);
    expect(r.syslog).toContain("relay log drained");
  });

  it("gives up waiting after the bound and promotes anyway, saying so", () => {
    const r = run("14.2", SCRIPT.mysqlPromote, [lagging]);
    expect(r.status, r.output).toBe(0);
    expect(r.sleeps).toBe(DRAIN_TIMEOUT_S);
    expect(r.statements.filter((s) => s.startsWith("SHOW"))).toHaveLength(DRAIN_TIMEOUT_S + 2);
    expect(r.syslog).toMatch(/not drained after 30 s/);
    expect(r.statements.slice(-2)).toEqual(["SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF"]);
  });

  it("does not wait for a SQL thread that stopped on an error", () => {
    const r = run("14.2", SCRIPT.mysqlPromote, [lagging, { ...lagging, running: false }]);
    expect(r.status, r.output).toBe(0);
    expect(r.sleeps).toBe(0);
    expect(r.syslog).toContain("Duplicate entry");
  });

  it("on a host that is no replica (already promoted, or the master) it only makes sure it is writable", () => {
    const r = run("14.2", SCRIPT.mysqlPromote, []);
    expect(r.status, r.output).toBe(0);
    expect(r.statements).toEqual(["SHOW REPLICA STATUS\\G", "SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF"]);
  });

  it("fails, changing nothing, when mysqld does not answer", () => {
    const r = run("14.2", SCRIPT.mysqlPromote, [], true);
    expect(r.status).toBe(1);
    expect(r.statements).toEqual(["SHOW REPLICA STATUS\\G"]);
    expect(r.syslog).toContain("not promoted");
  });
});

describe("mysql-promote.sh, FreeBSD 8.1 (MySQL 5.1)", () => {
  it("speaks SLAVE/MASTER, RESET SLAVE (5.1 has no RESET SLAVE ALL) and no super_read_only", () => {
    const r = run("8.1", SCRIPT.mysqlPromote, [lagging, drained]);
    expect(r.status, r.output).toBe(0);
    expect(r.statements).toEqual([
      "SHOW SLAVE STATUS\\G",
      "STOP SLAVE IO_THREAD",
      "SHOW SLAVE STATUS\\G",
      "STOP SLAVE",
      "RESET SLAVE",
      "SET GLOBAL read_only = OFF",
    ]);
  });
});

describe.each(["14.2", "8.1"] as const)("mysql-fence.sh, FreeBSD %s", (release) => {
  it("makes the server read-only, the same on every run", () => {
    const want = release === "8.1" ? ["SET GLOBAL read_only = ON"] : ["SET GLOBAL super_read_only = ON", "SET GLOBAL read_only = ON"];
    for (let i = 0; i < 2; i++) {
      const r = run(release, SCRIPT.mysqlFence, []);
      expect(r.status, r.output).toBe(0);
      expect(r.statements).toEqual(want);
      expect(r.syslog).toContain("fenced");
    }
  });

  it("exits 1 and logs when mysqld does not answer", () => {
    const r = run(release, SCRIPT.mysqlFence, [], true);
    expect(r.status).toBe(1);
    expect(r.syslog).toContain("not fenced");
  });
});
