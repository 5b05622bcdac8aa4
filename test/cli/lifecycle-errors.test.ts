// The lifecycle commands where no lab runs, in-process through run(): a clear message and exit 5; a
// stale daemon.json and socket left by a dead process detected and cleaned; destroy idempotent;
// usage errors before any socket is touched.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";

const children = new Set<number>();
afterAll(() => {
  for (const pid of children) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});

async function lab(cwd: string, ...args: string[]) {
  let out = "";
  let err = "";
  const io: CliIo = { cwd, out: (t) => void (out += t.endsWith("\n") ? t : t + "\n"), err: (t) => void (err += t.endsWith("\n") ? t : t + "\n") };
  const code = await run(args, io);
  return { code, stdout: out, stderr: err };
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "lab-noup-"));
}

/** A socket file nobody listens on and a pid that no longer exists: what a SIGKILLed daemon leaves. */
async function deadDaemon(dir: string): Promise<{ pid: number; socket: string }> {
  const socket = join(dir, ".lab", "daemon.sock");
  mkdirSync(join(dir, ".lab"), { recursive: true });
  const child = spawn(process.execPath, ["-e", `require("node:net").createServer().listen(${JSON.stringify(socket)}, () => console.log("up"))`], { stdio: ["ignore", "pipe", "ignore"] });
  children.add(child.pid!);
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGKILL");
  await exited;
  return { pid: child.pid!, socket };
}

function daemonRecord(pid: number, socket: string, phase = "listening"): string {
  return JSON.stringify({
    version: 1, pid, socket, seed: 1, backend: "sim", release: "14.2",
    lab: { file: null, display: "built-in reference lab", name: "speed-daemons", hash: "0000000000000000" }, started: "2025-01-01T00:00:00.000Z", phase,
  });
}

describe("no lab running", () => {
  it("status, fault, heal, events, speed and down exit 5 saying so and how to start one", async () => {
    const dir = tempDir();
    for (const args of [["status"], ["status", "--json"], ["fault", "power-off proxy01"], ["heal"], ["events"], ["speed", "10x"], ["down"]]) {
      const r = await lab(dir, ...args);
      expect(r.code, args.join(" ")).toBe(5);
      expect(r.stderr).toBe("lab: no lab is running in this directory\nhint: start one with `lab up` (here, or give --dir DIR of the lab)\n");
      expect(r.stdout).toBe("");
    }
  });

  it("finds the lab of a parent directory, and --dir names another", async () => {
    const dir = tempDir();
    const { pid, socket } = await deadDaemon(dir);
    writeFileSync(join(dir, ".lab/daemon.json"), daemonRecord(pid, socket));
    mkdirSync(join(dir, "sub/deeper"), { recursive: true });
    const r = await lab(join(dir, "sub/deeper"), "status");
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`the lab daemon (pid ${pid}) is not running`);
    const other = tempDir();
    expect((await lab(other, "status", "--dir", join(dir, "sub"))).stderr).toContain("no lab is running in");
    expect((await lab(other, "status", "--dir", "no/such")).code).toBe(4);
  });

  it("a stale daemon.json and socket (dead pid, nobody listening) are detected and cleaned", async () => {
    const dir = tempDir();
    const { pid, socket } = await deadDaemon(dir);
    expect(existsSync(socket)).toBe(true);
    writeFileSync(join(dir, ".lab/daemon.json"), daemonRecord(pid, socket));
    const r = await lab(dir, "status");
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`lab: the lab daemon (pid ${pid}) is not running: it died or was killed; its stale state (daemon.json, socket) was cleaned`);
    expect(existsSync(join(dir, ".lab/daemon.json"))).toBe(false);
    expect(existsSync(socket)).toBe(false);
    expect((await lab(dir, "status")).stderr).toContain("no lab is running in this directory");
  });

  it("an unreadable daemon.json is stale too; destroy cleans it and is idempotent", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, ".lab"));
    writeFileSync(join(dir, ".lab/daemon.json"), "{ half a file");
    writeFileSync(join(dir, ".lab/session.jsonl"), "");
    const r = await lab(dir, "destroy");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("cleaned a stale lab state: ");
    expect(r.stdout).toContain("daemon.json is unreadable");
    expect(r.stdout).toContain("removed .lab/session.jsonl");
    expect(existsSync(join(dir, ".lab/daemon.json"))).toBe(false);
    expect((await lab(dir, "destroy")).stdout).toContain("nothing to destroy");
  });

  it("usage errors exit 3 before looking for a lab", async () => {
    const dir = tempDir();
    const speed = await lab(dir, "speed", "warp");
    expect(speed.code).toBe(3);
    expect(speed.stderr).toContain("hint: use 10x, 0.5x (0.1x-1000x), pause, resume or step");
    expect((await lab(dir, "events", "-n", "many")).code).toBe(3);
    expect((await lab(dir, "up", "--seed", "-1")).code).toBe(3);
    expect((await lab(dir, "up", "--backend", "vagrant")).code).toBe(3);
    const consoleRun = await lab(dir, "console");
    expect(consoleRun.code).toBe(3);
    expect(consoleRun.stderr).toContain("lab console needs a terminal");
    const replay = await lab(dir, "replay", "nothing.jsonl");
    expect(replay.code).toBe(4);
    expect(replay.stderr).toContain("lab: nothing.jsonl: no such file");
  });
});
