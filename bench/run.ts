// `npm run bench`: start-up and validation figures, printed as medians. Targets (issue 2):
// `lab validate` of the reference lab as a whole process < 300 ms; validate + resolve of a
// 1,000-host lab (125 cells) < 1 s.
import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { validateLab } from "../src/model/validate.js";
import { resolve } from "../src/model/resolve.js";
import { cellLab } from "./cells.js";

const ROOT = new URL("..", import.meta.url).pathname;
const SECRETS = { carpPass: {}, mysql: { rootPassword: "x", replicationPassword: "x", appPassword: "x" }, ssh: { privateKey: "", publicKey: "" } };

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function time(runs: number, fn: () => void): { median: number; min: number; max: number } {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    samples.push(performance.now() - t0);
  }
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples) };
}

function report(name: string, r: { median: number; min: number; max: number }, targetMs: number, runs: number): boolean {
  const ok = r.median < targetMs;
  console.log(`${name.padEnd(58)} median ${r.median.toFixed(1).padStart(7)} ms  (min ${r.min.toFixed(1)}, max ${r.max.toFixed(1)}, n=${runs})  target < ${targetMs} ms  ${ok ? "ok" : "MISSED"}`);
  return ok;
}

const bin = join(ROOT, "bin/lab.js");
const empty = mkdtempSync(join(tmpdir(), "lab-bench-"));
const proc = (cwd: string, ...args: string[]) => () => {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`lab ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
};

console.log(`machine: ${cpus()[0]?.model ?? "?"} x${cpus().length}, node ${process.version}`);
const results = [
  report("lab validate (./Vagrantfile.ts, whole process)", time(15, proc(ROOT, "validate")), 300, 15),
  report("lab validate lab/speed-daemons.json (whole process)", time(15, proc(ROOT, "validate", "lab/speed-daemons.json")), 300, 15),
  report("lab validate (built-in reference lab, whole process)", time(15, proc(empty, "validate")), 300, 15),
];
const big = cellLab(125);
let hosts = 0;
results.push(report("validate + resolve, 1,000-host lab (125 cells, in-process)", time(7, () => {
  const v = validateLab(big);
  if (!v.ok) throw new Error(JSON.stringify(v.diagnostics.slice(0, 3)));
  hosts = resolve(v.lab, SECRETS).hosts.length;
}), 1000, 7));
console.log(`(the large lab has ${hosts} hosts)`);
process.exitCode = results.every(Boolean) ? 0 : 1;
