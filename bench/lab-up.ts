// `lab up` of the reference lab to every service healthy, as a user runs it: whole processes of the
// built `lab` (bin/lab.js -> dist/), `lab up` then `lab destroy` in a fresh directory, N times; the
// median of `lab up` against the target (< 2 s wall). Run alone with `npx tsx bench/lab-up.ts [N]`
// after `npm run build`, or from bench/run.ts through measureLabUp().
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

export const LAB_UP_TARGET_MS = 2000;

export interface LabUpFigures {
  readonly runs: number;
  readonly upMs: { readonly median: number; readonly min: number; readonly max: number };
  readonly destroyMs: { readonly median: number; readonly min: number; readonly max: number };
  /** Simulated seconds at which the lab was healthy (the boot fast-forwarded), from the last run. */
  readonly healthyAtS: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function stats(values: readonly number[]) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Runs `lab up` + `lab destroy` `runs` times from the project at `root`; throws when a run fails. */
export function measureLabUp(root: string, runs = 7): LabUpFigures {
  const bin = join(root, "bin/lab.js");
  const up: number[] = [];
  const destroy: number[] = [];
  let healthyAtS = 0;
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), "lab-bench-up-"));
    let pid: number | undefined;
    try {
      const t0 = performance.now();
      const u = spawnSync(process.execPath, [bin, "up"], { cwd: dir, encoding: "utf8", timeout: 30_000 });
      up.push(performance.now() - t0);
      pid = (JSON.parse(readFileSync(join(dir, ".lab/daemon.json"), "utf8")) as { pid: number }).pid;
      if (u.status !== 0) throw new Error(`lab up exited ${u.status}: ${u.stderr}`);
      healthyAtS = Number(/healthy at ([0-9.]+) s simulated/.exec(u.stdout)?.[1] ?? NaN);
      const t1 = performance.now();
      const d = spawnSync(process.execPath, [bin, "destroy"], { cwd: dir, encoding: "utf8", timeout: 30_000 });
      destroy.push(performance.now() - t1);
      if (d.status !== 0) throw new Error(`lab destroy exited ${d.status}: ${d.stderr}`);
      pid = undefined;
    } finally {
      // A failed run must not leave its daemon behind: stop the one this run started, by its pid.
      if (pid !== undefined) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { runs, upMs: stats(up), destroyMs: stats(destroy), healthyAtS };
}

export function formatLabUp(f: LabUpFigures): string {
  const ok = f.upMs.median < LAB_UP_TARGET_MS;
  return [
    `${"lab up, reference lab to all services healthy (whole process)".padEnd(58)} median ${f.upMs.median.toFixed(1).padStart(7)} ms  ` +
      `(min ${f.upMs.min.toFixed(1)}, max ${f.upMs.max.toFixed(1)}, n=${f.runs})  target < ${LAB_UP_TARGET_MS} ms  ${ok ? "ok" : "MISSED"}`,
    `    healthy at ${f.healthyAtS} s simulated; lab destroy median ${f.destroyMs.median.toFixed(1)} ms`,
  ].join("\n");
}

// Run directly (npx tsx bench/lab-up.ts [N]); when bundled into bench/run.js this file is only imported.
if (process.argv[1]?.endsWith("lab-up.ts")) {
  const runs = Number(process.argv[2] ?? 7);
  const figures = measureLabUp(process.cwd(), Number.isSafeInteger(runs) && runs > 0 ? runs : 7);
  console.log(formatLabUp(figures));
  process.exitCode = figures.upMs.median < LAB_UP_TARGET_MS ? 0 : 1;
}
