// A running lab as users meet it, over the real daemon and socket: the whole `lab` process (bin/lab.js
// -> dist/, built by `npm test`) in a temporary directory with the built-in reference lab. up -> status
// shows proxy01 MASTER of www -> power-off proxy01 -> proxy02 takes www within CARP's master-down time
// -> down keeps the session record -> its replay, copied elsewhere, reaches the same trace hash.
// Every daemon a test starts is stopped by its pid in afterAll, even when a test fails.
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alive, BIN, lab, StartedDaemons, tempDir, until } from "../support/lab-process.js";
import { advertIntervalUs, masterDownUs } from "../../src/sim/carp/timing.js";
import { DEFAULT_LINK_LATENCY_US } from "../../src/sim/net/segment.js";
import { referenceLab } from "../support/reference-lab.js";

const daemons = new StartedDaemons();
const daemonPid = (dir: string) => daemons.pidOf(dir);





/** One request line on the daemon's socket, the first answer line back. */
function rawRequest(socket: string, line: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const s = connect(socket);
    let buffer = "";
    s.on("data", (d) => {
      buffer += d.toString();
      const nl = buffer.indexOf("\n");
      if (nl >= 0) {
        s.destroy();
        resolve(JSON.parse(buffer.slice(0, nl)));
      }
    });
    s.on("error", reject);
    s.write(line);
  });
}


afterAll(() => daemons.killAll());

const reference = referenceLab();
const www = reference.carp.find((g) => g.name === "www")!;
const skew = (host: string) => www.members.find((m) => m.host === host)!.advskew;

describe("lab up -> fault -> failover -> down -> replay", () => {
  const dir = tempDir();
  let pid = 0;
  let downHash = "";

  it("lab up returns once healthy, with the addresses; status --json shows proxy01 MASTER of www", () => {
    const up = lab(dir, "up");
    expect(up.stderr).toBe("");
    expect(up.code).toBe(0);
    pid = daemonPid(dir);
    expect(alive(pid)).toBe(true);
    for (const h of reference.hosts) expect(up.stdout).toMatch(new RegExp(`s  ${h.name} +services up`));
    expect(up.stdout).toMatch(/healthy at [0-9.]+ s simulated/);
    expect(up.stdout).toMatch(/www +203\.0\.113\.10 +proxy01 +proxy01 MASTER, proxy02 BACKUP/);
    expect(up.stdout).toContain("lagg0 203.0.113.11/24 (public)");
    const status = lab(dir, "status", "--json");
    expect(status.code).toBe(0);
    const view = JSON.parse(status.stdout);
    expect(view.healthy).toBe(true);
    expect(view.vips.find((v: any) => v.group === "www")).toMatchObject({ owner: "proxy01", members: [{ host: "proxy01", state: "MASTER" }, { host: "proxy02", state: "BACKUP" }] });
    expect(view.daemon).toMatchObject({ pid, phase: "up", seed: 1, backend: "sim", speed: 1, paused: false });
    expect(view.daemon.traceHash).toMatch(/^[0-9a-f]{16}$/);
    expect(lab(dir, "status").stdout).toMatch(/proxy +proxy01 +running +nginx, varnish, haproxy/);
  });

  it("a second lab up says it is up (exit 0); another seed is another lab (exit 7)", () => {
    const again = lab(dir, "up");
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`lab is already up in this directory: speed-daemons from built-in reference lab, seed 1, daemon pid ${pid}`);
    const other = lab(dir, "up", "--seed", "2");
    expect(other.code).toBe(7);
    expect(other.stderr).toContain("another lab is already up");
    expect(other.stderr).toContain("hint: `lab down` stops it first");
  });

  it("refuses bad faults with the problem, pointer and hint (exit 3), changing nothing", () => {
    const host = lab(dir, "fault", "power-off proxy09");
    expect(host.code).toBe(3);
    expect(host.stderr).toContain('lab: "power-off proxy09": unknown host "proxy09": did you mean "proxy01"?');
    expect(host.stderr).toContain("(at /host)");
    expect(host.stderr).toContain("hint: check the spelling");
    const kind = lab(dir, "fault", "explode proxy01");
    expect(kind.code).toBe(3);
    expect(kind.stderr).toContain('unknown fault "explode"');
    const service = lab(dir, "fault", "service-crash proxy01 mysql");
    expect(service.code).toBe(3);
    expect(service.stderr).toContain('unknown service "mysql" on proxy01');
    expect(service.stderr).toContain("hint: mysql runs on db01, db02");
    const repair = lab(dir, "heal", "power-on proxy01");
    expect(repair.code).toBe(3);
    expect(repair.stderr).toContain("is a repair, not a fault to heal");
    expect(lab(dir, "speed", "fast").code).toBe(3);
    const tooFast = lab(dir, "speed", "5000x");
    expect(tooFast.code).toBe(3);
    expect(tooFast.stderr).toContain("outside 0.1x-1000x");
    const after = JSON.parse(lab(dir, "status", "--json").stdout);
    expect(after.hosts.find((h: any) => h.name === "proxy01").power).toBe("running");
    const ops = readFileSync(join(dir, ".lab/session.jsonl"), "utf8").trim().split("\n").slice(1).map((l) => JSON.parse(l).op);
    expect(ops).toEqual(["up"]);
  });

  it("answers malformed protocol lines with errors and keeps serving", async () => {
    const socket = JSON.parse(readFileSync(join(dir, ".lab/daemon.json"), "utf8")).socket as string;
    expect(await rawRequest(socket, "not json\n")).toMatchObject({ ok: false, error: { code: "bad-request", message: expect.stringMatching(/^not JSON/) } });
    expect(await rawRequest(socket, '{"id":4,"op":"explode"}\n')).toMatchObject({ id: 4, ok: false, error: { message: 'unknown op "explode"' } });
    expect(await rawRequest(socket, `{"id":5,"op":"fault","text":"${"x".repeat(70_000)}"}\n`)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/longer than/) } });
    expect(await rawRequest(socket, '{"id":6,"op":"ping"}\n')).toMatchObject({ id: 6, ok: true, result: { pid, phase: "up" } });
  });

  it("power-off proxy01: proxy02 takes www within the master-down time, seen by status and events", async () => {
    expect(lab(dir, "speed", "10x").stdout).toContain("running at 10x");
    const fault = lab(dir, "fault", "power-off proxy01");
    expect(fault.code).toBe(0);
    const injectedS = Number(/injected "power-off proxy01" at ([0-9.]+) s/.exec(fault.stdout)![1]);
    // 3 x advbase + advskew/256 of the backup: 3.390625 s simulated, 0.34 s wall at 10x.
    const view = await until("proxy02 MASTER of www", 6000, () => {
      const v = JSON.parse(lab(dir, "status", "--json").stdout);
      return v.vips.find((x: any) => x.group === "www").owner === "proxy02" ? v : undefined;
    });
    expect(view.vips.find((v: any) => v.group === "www").members).toEqual([{ host: "proxy01", state: "DOWN" }, { host: "proxy02", state: "MASTER" }]);
    const failover = view.failovers.find((f: any) => f.group === "www");
    expect(failover).toMatchObject({ from: "proxy01", to: "proxy02", fault: "power-off proxy01" });
    // proxy02's master-down timer last restarted when proxy01's last advertisement arrived: sent at most
    // one advertisement interval before the fault, received one link latency later.
    const downS = masterDownUs(www.advbase, skew("proxy02")) / 1e6;
    expect(failover.takeoverS).toBeLessThanOrEqual(downS + DEFAULT_LINK_LATENCY_US / 1e6);
    expect(failover.takeoverS).toBeGreaterThan(downS - advertIntervalUs(www.advbase, skew("proxy01")) / 1e6);
    expect(failover.atS - injectedS).toBeCloseTo(failover.takeoverS, 6);
    const events = lab(dir, "events", "--json", "-n", "2000").stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(events.find((e) => e.type === "fault.inject")).toMatchObject({ t: injectedS, fault: "power-off proxy01" });
    expect(events.find((e) => e.type === "carp.state" && e.host === "proxy02" && e.to === "MASTER" && e.t >= injectedS)).toMatchObject({ t: failover.atS });
  });

  it("events --follow streams live events until interrupted", async () => {
    const child = spawn(process.execPath, [BIN, "events", "--follow", "--json", "-n", "0"], { cwd: dir });
    let out = "";
    child.stdout.on("data", (d) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    await until("the follower to attach", 3000, () => (out !== "" || child.pid ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    expect(lab(dir, "heal", "power-off", "proxy01").stdout).toContain('healed "power-off proxy01" with "power-on proxy01"');
    await until("the heal in the stream", 3000, () => (out.includes('"fault.heal"') ? true : undefined));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(out.split("\n").filter(Boolean).map((l) => JSON.parse(l).type)).toContain("host.state");
  });

  it("lab down stops the daemon, keeps the session record, and reports the final trace hash", async () => {
    const down = lab(dir, "down", "--json");
    expect(down.code).toBe(0);
    const result = JSON.parse(down.stdout);
    downHash = result.traceHash;
    expect(downHash).toMatch(/^[0-9a-f]{16}$/);
    expect(alive(pid)).toBe(false);
    expect(existsSync(join(dir, ".lab/daemon.json"))).toBe(false);
    const lines = readFileSync(join(dir, ".lab/session.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ type: "lab-session", version: 1, lab: { name: "speed-daemons", file: null }, seed: 1, release: "14.2", backend: "sim" });
    expect(lines.slice(1).map((l) => l.op)).toEqual(["up", "speed", "fault", "heal", "down"]);
    expect(lines.at(-1)).toMatchObject({ op: "down", tUs: result.tUs, hash: downHash });
    const status = lab(dir, "status");
    expect(status.code).toBe(5);
    expect(status.stderr).toContain("no lab is running in this directory");
    expect(status.stderr).toContain("the session record is intact: .lab/session.jsonl (5 commands");
  });

  it("lab replay of a copy in another directory reaches the recorded trace hash", () => {
    const elsewhere = tempDir("lab-replay-");
    copyFileSync(join(dir, ".lab/session.jsonl"), join(elsewhere, "lesson.jsonl"));
    const replay = lab(elsewhere, "replay", "lesson.jsonl", "--json");
    expect(replay.stderr).toBe("");
    expect(replay.code).toBe(0);
    const r = JSON.parse(replay.stdout);
    expect(r).toMatchObject({ traceHash: downHash, recordedHash: downHash, matches: true, endedByDown: true, seed: 1 });
    expect(r.summary.traceHash).toBe(downHash);
    expect(r.summary.vips.find((v: any) => v.group === "www").failovers[0]).toMatchObject({ from: "proxy01", to: "proxy02" });
    expect(lab(elsewhere, "replay", "lesson.jsonl").stdout).toContain(`trace ${downHash} (equals the recorded trace)`);
  });
});
