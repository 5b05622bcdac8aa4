// The built `lab` command as whole processes, for lifecycle tests: run it, find the daemons it
// started (to stop them by pid in afterAll, even when a test fails), and poll for a condition.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = new URL("../..", import.meta.url).pathname;
export const BIN = join(ROOT, "bin/lab.js");

/** Runs `lab ARGS` in `cwd` and waits for it (20 s at most). */
export function lab(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Daemons the tests started, by pid. */
export class StartedDaemons {
  readonly pids = new Set<number>();

  /** The daemon's pid from `DIR/.lab/daemon.json`, remembered for killAll. */
  pidOf(dir: string): number {
    const pid = (JSON.parse(readFileSync(join(dir, ".lab/daemon.json"), "utf8")) as { pid: number }).pid;
    this.pids.add(pid);
    return pid;
  }

  /** SIGKILL every remembered daemon still alive (afterAll). */
  killAll(): void {
    for (const pid of this.pids) if (alive(pid)) process.kill(pid, "SIGKILL");
  }
}

/** Exists and has not exited (an exited daemon may stay a zombie until init reaps it). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return true;
  }
}

/** Polls `probe` every 50 ms until it returns a value; fails naming `what` after `timeoutMs`. */
export async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function tempDir(prefix = "lab-life-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
