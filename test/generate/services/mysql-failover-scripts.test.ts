// The promote and fence scripts run by sh against a fake `mysql` that records each statement and
// answers SHOW REPLICA/SLAVE STATUS from a scripted sequence (and the peer's queries from a file): the
// drain loop, its bound, idempotency, the stale-master refusal and the release's statements. The only
// change to the script: its PATH line puts the fakes (mysql, logger, sleep, ifconfig,
// my_print_defaults) first.
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
peer=""
while [ $# -gt 0 ]; do
  if [ "$1" = "-e" ]; then stmt=$2; shift; fi
  if [ "$1" = "--defaults-group-suffix=_peer" ]; then peer="peer: "; fi
  shift
done
printf '%s\\n' "$peer$stmt" >> "$FAKE/statements"
if [ -n "$peer" ]; then
  [ -f "$FAKE/peer" ] || exit 1
  cat "$FAKE/peer"
  exit 0
fi
[ -f "$FAKE/down" ] && exit 1
case "$stmt" in
  *STATUS*)
    n=$(cat "$FAKE/n" 2>/dev/null || echo 0)
    n=$((n + 1))
    echo "$n" > "$FAKE/n"
    if [ -f "$FAKE/status.$n" ]; then cat "$FAKE/status.$n"; elif [ -f "$FAKE/status.last" ]; then cat "$FAKE/status.last"; fi
    ;;
  *PROCESSLIST*) cat "$FAKE/dumps" ;;
esac
exit 0
`;

/** The peer's answer to every peer_sql query ("0" = read_only OFF); no file: the peer does not answer. */
interface Peer { readonly answer?: string; readonly dumps?: number }

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

function run(release: Release, script: string, statuses: readonly Status[], down = false, peer: Peer = {}) {
  const dir = tempDir("failover");
  dirs.push(dir);
  const bin = join(dir, "bin");
  const record = (name: string) => `#!/bin/sh\nprintf '%s\\n' "${name} $*" >> "$FAKE/statements"\n`;
  const fakes = [
    ["mysql", FAKE_MYSQL], ["logger", `#!/bin/sh\nprintf '%s\\n' "$*" >> "$FAKE/syslog"\n`], ["sleep", `#!/bin/sh\necho x >> "$FAKE/sleeps"\n`],
    ["ifconfig", record("ifconfig")], ["my_print_defaults", "#!/bin/sh\nprintf '%s\\n' --user=repl --password=testRepl\n"],
  ] as const;
  for (const [name, body] of fakes) chmodSync(writeIn(bin, name, body), 0o755);
  statuses.forEach((s, i) => writeFileSync(join(dir, `status.${i + 1}`), statusText(release, s)));
  if (statuses.length) writeFileSync(join(dir, "status.last"), statusText(release, statuses[statuses.length - 1]!));
  if (down) writeFileSync(join(dir, "down"), "");
  if (peer.answer !== undefined) writeFileSync(join(dir, "peer"), `${peer.answer}\n`);
  writeFileSync(join(dir, "dumps"), `${peer.dumps ?? 1}\n`);
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
      "SET PERSIST_ONLY read_only = ON, super_read_only = ON",
      "SET GLOBAL super_read_only = OFF",
      "SET GLOBAL read_only = OFF",
      "ifconfig lagg1 vhid 3 advskew 100",
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
    expect(r.statements.slice(-3)).toEqual(["SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF", "ifconfig lagg1 vhid 3 advskew 100"]);
  });

  it("does not wait for a SQL thread that stopped on an error", () => {
    const r = run("14.2", SCRIPT.mysqlPromote, [lagging, { ...lagging, running: false }]);
    expect(r.status, r.output).toBe(0);
    expect(r.sleeps).toBe(0);
    expect(r.syslog).toContain("Duplicate entry");
  });

  it("on a host that is no replica (already promoted, or the master) it only makes sure it is writable", () => {
    const writable = ["SET PERSIST_ONLY read_only = ON, super_read_only = ON", "SET GLOBAL super_read_only = OFF", "SET GLOBAL read_only = OFF", "ifconfig lagg1 vhid 3 advskew 100"];
    // The peer does not answer: nobody else can hold newer writes.
    const alone = run("14.2", SCRIPT.mysqlPromote, []);
    expect(alone.status, alone.output).toBe(0);
    expect(alone.statements).toEqual(["SHOW REPLICA STATUS\\G", "SELECT @@global.gtid_executed", "peer: SELECT GTID_SUBSET(@@global.gtid_executed, '')", ...writable]);
    // The peer holds nothing this server lacks (GTID_SUBSET 1, as at the cluster's first start): this is the master.
    const replicaPeer = run("14.2", SCRIPT.mysqlPromote, [], false, { answer: "1", dumps: 0 });
    expect(replicaPeer.status, replicaPeer.output).toBe(0);
    expect(replicaPeer.statements).toEqual(["SHOW REPLICA STATUS\\G", "SELECT @@global.gtid_executed", "peer: SELECT GTID_SUBSET(@@global.gtid_executed, '')", ...writable]);
    // The peer answers writable but replicates from here (a Binlog Dump thread): this is the master.
    const followed = run("14.2", SCRIPT.mysqlPromote, [], false, { answer: "0", dumps: 1 });
    expect(followed.status, followed.output).toBe(0);
    expect(followed.statements).toEqual(["SHOW REPLICA STATUS\\G", "SELECT @@global.gtid_executed", "peer: SELECT GTID_SUBSET(@@global.gtid_executed, '')", "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'", ...writable]);
  });

  it("refuses stale data: the peer is ahead (GTID_SUBSET 0) and replicates from nobody here, so it follows the peer and hands the VIP back", () => {
    const r = run("14.2", SCRIPT.mysqlPromote, [], false, { answer: "0", dumps: 0 });
    expect(r.status, r.output).toBe(1);
    expect(r.statements).toEqual([
      "SHOW REPLICA STATUS\\G",
      "SELECT @@global.gtid_executed", "peer: SELECT GTID_SUBSET(@@global.gtid_executed, '')",
      "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'",
      "SET GLOBAL super_read_only = ON",
      "STOP REPLICA; CHANGE REPLICATION SOURCE TO SOURCE_HOST='10.0.30.31', SOURCE_PORT=3306, SOURCE_USER='repl', SOURCE_PASSWORD='testRepl', SOURCE_AUTO_POSITION=1, SOURCE_SSL=1; START REPLICA",
      "ifconfig lagg1 vhid 3 advskew 240",
    ]);
    expect(r.syslog).toContain("not promoting stale data");
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
      "ifconfig carp0 advskew 100",
    ]);
  });

  it("refuses stale data without re-pointing (no GTIDs): read-only, VIP handed back, rebuild asked for", () => {
    const r = run("8.1", SCRIPT.mysqlPromote, [], false, { answer: "0", dumps: 0 });
    expect(r.status, r.output).toBe(1);
    expect(r.statements).toEqual([
      "SHOW SLAVE STATUS\\G",
      "peer: SELECT @@global.read_only",
      "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'",
      "SET GLOBAL read_only = ON",
      "ifconfig carp0 advskew 240",
    ]);
    expect(r.syslog).toMatch(/rebuild this server from db01/);
  });
});

describe.each(["14.2", "8.1"] as const)("mysql-fence.sh, FreeBSD %s", (release) => {
  const fence = release === "8.1" ? ["SET GLOBAL read_only = ON"] : ["SET GLOBAL super_read_only = ON", "SET GLOBAL read_only = ON"];
  const status = release === "8.1" ? "SHOW SLAVE STATUS\\G" : "SHOW REPLICA STATUS\\G";

  it("makes the server read-only, the same on every run", () => {
    for (let i = 0; i < 2; i++) {
      const r = run(release, SCRIPT.mysqlFence, []);
      expect(r.status, r.output).toBe(0);
      expect(r.statements).toEqual([...fence, status, "peer: SELECT @@global.read_only"]);
      expect(r.syslog).toContain("fenced");
    }
  });

  it("a server that replicates from nobody follows a writable peer (14.2) or asks to be rebuilt (8.1)", () => {
    const r = run(release, SCRIPT.mysqlFence, [], false, { answer: "0" });
    expect(r.status, r.output).toBe(0);
    const follow = "STOP REPLICA; CHANGE REPLICATION SOURCE TO SOURCE_HOST='10.0.30.31', SOURCE_PORT=3306, SOURCE_USER='repl', SOURCE_PASSWORD='testRepl', SOURCE_AUTO_POSITION=1, SOURCE_SSL=1; START REPLICA";
    expect(r.statements).toEqual([...fence, status, "peer: SELECT @@global.read_only", ...(release === "8.1" ? [] : [follow])]);
    expect(r.syslog).toMatch(release === "8.1" ? /rebuild it from db01/ : /following db01, the writable master/);
    // A read-only peer (fenced, or a replica) is no master to follow.
    const fenced = run(release, SCRIPT.mysqlFence, [], false, { answer: "1" });
    expect(fenced.statements).toEqual([...fence, status, "peer: SELECT @@global.read_only"]);
  });

  it("exits 1 and logs when mysqld does not answer", () => {
    const r = run(release, SCRIPT.mysqlFence, [], true);
    expect(r.status).toBe(1);
    expect(r.syslog).toContain("not fenced");
  });
});
