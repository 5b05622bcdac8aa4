// What users do to a running lab that it must survive, over the real daemon (whole `lab` processes):
// its daemon SIGKILLed, `lab up` killed or interrupted mid-way, a lab directory too deep for a Unix
// socket path. Every daemon a test starts is stopped by its pid in afterAll, even when a test fails.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { alive, BIN, lab, StartedDaemons, tempDir, until } from "../support/lab-process.js";

const daemons = new StartedDaemons();
const daemonPid = (dir: string) => daemons.pidOf(dir);






afterAll(() => daemons.killAll());

describe("robustness", () => {
  it("a SIGKILLed daemon: status says it died, cleans the stale state, and the session record replays", () => {
    const dir = tempDir();
    expect(lab(dir, "up").code).toBe(0);
    const pid = daemonPid(dir);
    process.kill(pid, "SIGKILL");
    const status = lab(dir, "status");
    expect(status.code).toBe(5);
    expect(status.stderr).toContain(`the lab daemon (pid ${pid}) is not running: it died or was killed; its stale state (daemon.json, socket) was cleaned`);
    expect(status.stderr).toContain("the session record is intact: .lab/session.jsonl (1 command");
    expect(status.stderr).toContain("ends where the daemon stopped");
    expect(existsSync(join(dir, ".lab/daemon.json"))).toBe(false);
    expect(existsSync(join(dir, ".lab/daemon.sock"))).toBe(false);
    const replay = lab(dir, "replay", ".lab/session.jsonl");
    expect(replay.code).toBe(0);
    expect(replay.stdout).toContain("the record has no `down`");
    expect(lab(dir, "fault", "power-off proxy01").code).toBe(5);
  });

  it("a `lab up` killed mid-way leaves a lab that `lab up` reports and `lab destroy` removes", async () => {
    const dir = tempDir();
    const up = spawn(process.execPath, [BIN, "up"], { cwd: dir, stdio: "ignore" });
    // Killed once it has spawned the daemon (daemon.json names a pid that is not the `lab up` itself).
    const pid = await until("the daemon to be spawned", 10_000, () => {
      try {
        const p = JSON.parse(readFileSync(join(dir, ".lab/daemon.json"), "utf8")).pid as number;
        return p !== up.pid ? p : undefined;
      } catch {
        return undefined;
      }
    });
    daemons.pids.add(pid);
    process.kill(up.pid!, "SIGKILL");
    const again = lab(dir, "up");
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(new RegExp(`(already up|already starting).*daemon pid ${pid}`));
    expect(JSON.parse(lab(dir, "status", "--json").stdout).healthy).toBe(true);
    const destroy = lab(dir, "destroy");
    expect(destroy.code).toBe(0);
    expect(destroy.stdout).toContain(`stopped the lab (daemon pid ${pid})`);
    expect(destroy.stdout).toContain("removed .lab/daemon.log, .lab/session.jsonl");
    expect(destroy.stdout).toContain("kept .lab/secrets.json");
    expect(alive(pid)).toBe(false);
    expect(lab(dir, "destroy").stdout).toContain("nothing to destroy");
  });

  it("Ctrl-C during `lab up` says the lab keeps starting and how to reach or stop it; `lab down` stops it", async () => {
    const dir = tempDir();
    const up = spawn(process.execPath, [BIN, "up"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    up.stderr.on("data", (d) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => up.on("exit", (code) => resolve(code)));
    const pid = await until("the daemon to be spawned", 10_000, () => {
      try {
        const p = JSON.parse(readFileSync(join(dir, ".lab/daemon.json"), "utf8")).pid as number;
        return p !== up.pid ? p : undefined;
      } catch {
        return undefined;
      }
    });
    daemons.pids.add(pid);
    up.kill("SIGINT");
    // The daemon needs far longer to load and listen than this takes: `lab up` is still waiting for it.
    expect(await exited).toBe(130);
    expect(stderr).toContain(`interrupted: the lab keeps starting in the background (daemon pid ${pid}); \`lab status\` shows it, \`lab down\` stops it`);
    const status = await until("the lab to be up", 10_000, () => {
      const r = lab(dir, "status", "--json");
      return r.code === 0 && JSON.parse(r.stdout).daemon.phase === "up" ? JSON.parse(r.stdout) : undefined;
    });
    expect(status.daemon.pid).toBe(pid);
    expect(lab(dir, "down").code).toBe(0);
    expect(alive(pid)).toBe(false);
  });

  it("a lab directory too deep for sun_path puts its socket in the temporary directory, recorded in daemon.json", () => {
    const dir = join(tempDir(), "d".repeat(100));
    spawnSync("mkdir", ["-p", dir]);
    expect(lab(dir, "up").code).toBe(0);
    daemonPid(dir);
    const socket = JSON.parse(readFileSync(join(dir, ".lab/daemon.json"), "utf8")).socket as string;
    expect(socket).toMatch(/\/lab-[0-9a-f]{16}\.sock$/);
    expect(existsSync(socket)).toBe(true);
    expect(lab(dir, "status").code).toBe(0);
    expect(lab(dir, "destroy").code).toBe(0);
    expect(existsSync(socket)).toBe(false);
  });
});
