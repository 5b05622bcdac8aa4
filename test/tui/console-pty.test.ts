// End to end in a real pseudo-terminal: the console runs against the reference lab simulated
// in-process (paced to the wall clock at 10x, boot fast-forwarded); the screen is read back through
// @xterm/headless. Keys select proxy01 and power it off from the fault menu; the screen must show
// proxy02 as MASTER of www and the takeover time, which CARP bounds: the backup's master-down timer
// (3 x advbase + advskew/256) re-armed by the last advertisement, at most one advbase before the fault.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import pty from "node-pty";
import { afterAll, describe, expect, it } from "vitest";
import { referenceLab } from "../support/reference-lab.js";
import { headlessTerminal, KEY, waitForScreen } from "./fixtures/terminal.js";

const ROOT = resolve(__dirname, "../..");
const FIXTURE = join(__dirname, "fixtures/console-sim.ts");
const COLS = 100;
const ROWS = 30;

let child: pty.IPty | undefined;
let exited: { exitCode: number; signal?: number } | undefined;

afterAll(() => {
  if (child && !exited) {
    try {
      process.kill(child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
});

describe("lab console in a pseudo-terminal", () => {
  it("powers off proxy01 from the fault menu and shows proxy02 taking www over", async () => {
    const stats = join(mkdtempSync(join(tmpdir(), "console-pty-")), "stats.json");
    const term = headlessTerminal(COLS, ROWS);
    // One process (node --import tsx), so that its PID is the console's.
    child = pty.spawn(process.execPath, ["--import", "tsx", FIXTURE, "--speed", "10", "--seed", "7", "--stats", stats, "--warmup-s", "0.5", "--measure-s", "1"], {
      name: "xterm-256color", cols: COLS, rows: ROWS, cwd: ROOT, env: { ...process.env, TERM: "xterm-256color" } as Record<string, string>,
    });
    let output = "";
    child.onData((d) => {
      output += d;
      term.write(d);
    });
    const exit = new Promise<{ exitCode: number }>((done) => child!.onExit((e) => {
      exited = e;
      done(e);
    }));

    await waitForScreen(term, (t) => t.includes("HEALTHY") && t.includes("▸proxy01"), 30_000, "the healthy lab with proxy01 selected");
    // Select proxy01 with the keys: away to proxy02 and back.
    child.write(KEY.down);
    await waitForScreen(term, (t) => t.includes("HOST proxy02"), 10_000, "proxy02 selected");
    child.write(KEY.up);
    await waitForScreen(term, (t) => t.includes("HOST proxy01"), 10_000, "proxy01 selected");
    child.write("f");
    await waitForScreen(term, (t) => /▶ power-off proxy01/.test(t), 10_000, "the fault menu with power-off proxy01 first");
    child.write(KEY.enter);

    const failover = /www 203\.0\.113\.10: proxy01 -> proxy02 in (\d+\.\d\d) s/;
    const screen = await waitForScreen(term, (t) => failover.test(t) && /proxy02 +up .*www MASTER/.test(t), 30_000, "proxy02 MASTER for www and the takeover time");
    expect(screen).toMatch(/proxy01 +OFF .*www DOWN/);
    expect(screen).toMatch(/www +203\.0\.113\.10 +-> proxy02/);
    const takeoverS = Number(failover.exec(screen)![1]);
    const www = referenceLab().carp.find((g) => g.name === "www")!;
    const backup = www.members.find((m) => m.host === "proxy02")!;
    const masterDownS = 3 * www.advbase + backup.advskew / 256;
    expect(takeoverS).toBeLessThanOrEqual(Number(masterDownS.toFixed(2)));
    expect(takeoverS).toBeGreaterThan(masterDownS - www.advbase);

    // The terminal shrinks to 80x24: everything is drawn again at the new size.
    child.resize(80, 24);
    term.resize(80, 24);
    await waitForScreen(term, (t) => {
      const rows = t.split("\n");
      return rows.length === 24 && rows[23]!.includes("q quit") && rows[0]!.includes("DEGRADED") && /proxy02 +up .*www MASTER/.test(t);
    }, 10_000, "the screen redrawn at 80x24");

    // The fixture writes its figures 1.5 s after the console starts; quit once they are there.
    for (let i = 0; i < 100 && !existsSync(stats); i++) await new Promise((r) => setTimeout(r, 100));
    child.write("q");
    const { exitCode } = await exit;
    expect(exitCode).toBe(0);
    expect(output).toContain("console closed after");
    // The fixture measured itself for a second at 10x while the console ran.
    const measured = JSON.parse(readFileSync(stats, "utf8")) as { drawsPerS: number; pollsPerS: number };
    expect(measured.drawsPerS).toBeLessThanOrEqual(10.5);
    expect(measured.pollsPerS).toBeLessThanOrEqual(10.5);
  }, 90_000);
});
