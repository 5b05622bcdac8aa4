// The "done when", whole processes over the real daemon: `lab up`, `lab console` in a real
// pseudo-terminal (node-pty, the screen read back through @xterm/headless), `lab fault "power-off
// proxy01"` from a second "terminal", and the console shows proxy02 taking www within CARP's timing;
// quitting leaves the lab running and `lab console` re-attaches. The daemon is stopped by its pid.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pty from "node-pty";
import { afterAll, describe, expect, it } from "vitest";
import { alive, BIN } from "../support/lab-process.js";
import { masterDownUs } from "../../src/sim/carp/timing.js";
import { DEFAULT_LINK_LATENCY_US } from "../../src/sim/net/segment.js";
import { referenceLab } from "../support/reference-lab.js";
import { headlessTerminal, waitForScreen } from "../tui/fixtures/terminal.js";

const dir = mkdtempSync(join(tmpdir(), "lab-console-"));
const pids = new Set<number>();

function lab(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: "utf8", timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}


afterAll(() => {
  for (const pid of pids) if (alive(pid)) process.kill(pid, "SIGKILL");
});

/** `lab console` in a pseudo-terminal; resolves its exit code after `q`. */
function openConsole() {
  const term = headlessTerminal(100, 30);
  const child = pty.spawn(process.execPath, [BIN, "console"], { name: "xterm-256color", cols: 100, rows: 30, cwd: dir, env: { ...process.env, TERM: "xterm-256color" } as Record<string, string> });
  pids.add(child.pid);
  let output = "";
  child.onData((d) => {
    output += d;
    term.write(d);
  });
  const exit = new Promise<number>((done) => child.onExit((e) => done(e.exitCode)));
  return { term, exit, quit: () => child.write("q"), output: () => output };
}

describe("lab console attached to the running lab", () => {
  it("shows the failover a fault from another terminal causes; quitting leaves the lab running; re-attach works", async () => {
    expect(lab("up").code).toBe(0);
    const daemon = (JSON.parse(readFileSync(join(dir, ".lab/daemon.json"), "utf8")) as { pid: number }).pid;
    pids.add(daemon);
    expect(lab("speed", "10x").code).toBe(0);

    const first = openConsole();
    await waitForScreen(first.term, (t) => t.includes("HEALTHY") && t.includes("proxy01"), 20_000, "the healthy lab");
    expect(lab("fault", "power-off proxy01").code).toBe(0);
    const failover = /www 203\.0\.113\.10: proxy01 -> proxy02 in (\d+\.\d\d) s/;
    const screen = await waitForScreen(first.term, (t) => failover.test(t), 20_000, "the failover of www to proxy02");
    const www = referenceLab().carp.find((g) => g.name === "www")!;
    const downS = masterDownUs(www.advbase, www.members.find((m) => m.host === "proxy02")!.advskew) / 1e6;
    const takeoverS = Number(failover.exec(screen)![1]);
    // Shown to 0.01 s: at most the master-down time (plus one link latency), more than one advertisement less.
    expect(takeoverS).toBeLessThanOrEqual(Number((downS + DEFAULT_LINK_LATENCY_US / 1e6).toFixed(2)));
    expect(takeoverS).toBeGreaterThan(downS - www.advbase);
    first.quit();
    expect(await first.exit).toBe(0);
    expect(first.output()).toContain("the lab keeps running");
    expect(alive(daemon)).toBe(true);

    const second = openConsole();
    await waitForScreen(second.term, (t) => failover.test(t), 20_000, "the re-attached console with the failover");
    second.quit();
    expect(await second.exit).toBe(0);

    expect(lab("down").code).toBe(0);
    expect(alive(daemon)).toBe(false);
  }, 60_000);
});
