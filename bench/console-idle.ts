// The console at 1x while idle: CPU of the console process (simulator included) and its draws and
// view polls per second, measured by the pseudo-terminal fixture over several runs, printed as
// medians; a run of the simulator alone at 1x gives the console's share. Targets: under 5% of one
// core, at most 10 draws a second. Run: `npx tsx bench/console-idle.ts` (or from bench/run.ts).
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import pty from "node-pty";

interface Stats {
  readonly cpuPercent: number;
  readonly drawsPerS: number;
  readonly pollsPerS: number;
  readonly simSeconds: number;
}

export interface ConsoleIdleOptions {
  readonly root?: string;
  readonly runs?: number;
  readonly measureS?: number;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/**
 * Bundles the fixture like shipped code (no TypeScript loader at run time), under node_modules/.cache
 * so that its packages resolve and `npm run build` (which rewrites dist/) cannot remove it mid-run.
 */
async function bundleFixture(root: string): Promise<string> {
  const outfile = join(root, "node_modules/.cache/speed-daemons-bench/console-sim.js");
  await build({
    absWorkingDir: root, entryPoints: ["test/tui/fixtures/console-sim.ts"], outfile, bundle: true, platform: "node", format: "esm",
    target: "node20", packages: "external", alias: { "speed-daemons-lab": "./src/index.ts" }, logLevel: "warning",
  });
  return outfile;
}

/** One measured run in a 100x30 pseudo-terminal; resolves once the fixture has written its figures and exited. */
function runOnce(script: string, root: string, mode: "console" | "sim-only", measureS: number): Promise<Stats> {
  const dir = mkdtempSync(join(tmpdir(), "console-idle-"));
  const stats = join(dir, "stats.json");
  const child = pty.spawn(process.execPath, [script, "--speed", "1", "--mode", mode, "--stats", stats, "--warmup-s", "2", "--measure-s", String(measureS)], {
    name: "xterm-256color", cols: 100, rows: 30, cwd: root, env: { ...process.env, TERM: "xterm-256color" } as Record<string, string>,
  });
  return new Promise<Stats>((resolve, reject) => {
    let quitSent = false;
    const deadline = setTimeout(() => {
      process.kill(child.pid, "SIGKILL");
      reject(new Error(`console-idle ${mode}: no figures after ${measureS + 30} s`));
    }, (measureS + 30) * 1000);
    const poll = setInterval(() => {
      if (!quitSent && existsSync(stats)) {
        quitSent = true;
        if (mode === "console") child.write("q");
      }
    }, 100);
    // The last screenful, to show what went wrong if the fixture fails.
    let tail = "";
    child.onData((d) => (tail = (tail + d).slice(-4000)));
    child.onExit(({ exitCode }) => {
      clearTimeout(deadline);
      clearInterval(poll);
      if (!existsSync(stats)) return reject(new Error(`console-idle ${mode}: exited ${exitCode} without figures; its last output:\n${tail}`));
      const parsed = JSON.parse(readFileSync(stats, "utf8")) as Stats;
      rmSync(dir, { recursive: true, force: true });
      resolve(parsed);
    });
  });
}

export async function benchConsoleIdle(options: ConsoleIdleOptions = {}): Promise<boolean> {
  const root = options.root ?? process.cwd();
  const runs = options.runs ?? 3;
  const measureS = options.measureS ?? 5;
  const script = await bundleFixture(root);
  const consoleRuns: Stats[] = [];
  const simRuns: Stats[] = [];
  for (let i = 0; i < runs; i++) {
    consoleRuns.push(await runOnce(script, root, "console", measureS));
    simRuns.push(await runOnce(script, root, "sim-only", measureS));
  }
  const cpu = median(consoleRuns.map((s) => s.cpuPercent));
  const simCpu = median(simRuns.map((s) => s.cpuPercent));
  const draws = median(consoleRuns.map((s) => s.drawsPerS));
  const polls = median(consoleRuns.map((s) => s.pollsPerS));
  const cpuOk = cpu < 5;
  const drawsOk = draws <= 10;
  const line = (name: string, value: string, target: string, ok: boolean) => console.log(`${name.padEnd(58)} median ${value.padStart(9)}  (n=${runs}, ${measureS} s each)  target ${target}  ${ok ? "ok" : "MISSED"}`);
  line("console idle at 1x: CPU, whole process (sim included)", `${cpu.toFixed(2)} %`, "< 5 %", cpuOk);
  console.log(`${"  of which the simulator alone at 1x".padEnd(58)} median ${`${simCpu.toFixed(2)} %`.padStart(9)}`);
  line("console idle at 1x: draws per second", draws.toFixed(2), "<= 10", drawsOk);
  console.log(`${"console idle at 1x: view polls per second".padEnd(58)} median ${polls.toFixed(2).padStart(9)}  (at most 10)`);
  return cpuOk && drawsOk;
}

if (process.argv[1]?.endsWith("console-idle.ts")) {
  process.exitCode = (await benchConsoleIdle()) ? 0 : 1;
}
