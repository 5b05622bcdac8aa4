// `lab sim [FILE] --seed N --duration 300s --fault "30s: power-off proxy01" ... [--events state|all] [--json]`:
// a headless, seeded run of the simulator. One JSON event a line then a summary line with --json;
// a readable timeline otherwise. Same inputs, byte-identical output.

import { EXIT, LabError, type ExitCode } from "../../app/errors.js";
import { openLab } from "../../app/open-lab.js";
import { parseFault, validateFault, formatFault, type ScheduledFault } from "../../faults/index.js";
import { parseDurationText } from "../../faults/index.js";
import type { TraceEvent, EventLevel } from "../../sim/engine/engine.js";
import { toSeconds } from "../../sim/engine/time.js";
import { runSimulation } from "../../sim/run.js";
import type { SimSummary } from "../../sim/summary.js";
import type { Release } from "../../model/types.js";
import type { CliIo } from "../io.js";
import { formatDiagnostics } from "../report.js";

export interface SimCommandOptions {
  readonly seed: string;
  readonly duration: string;
  readonly fault: readonly string[];
  readonly events: "state" | "all";
  readonly json?: boolean;
  readonly release?: Release;
}

/** The JSON form of an event: time in seconds first, then the fields in the order the model wrote them. */
export function eventJson(e: TraceEvent): string {
  const { t, ...rest } = e;
  return JSON.stringify({ t: toSeconds(t), ...rest });
}

/** One readable timeline line: "    33.390625 s  carp.state  proxy02 lagg0 vhid 1 BACKUP -> MASTER (master timed out)". */
export function timelineLine(e: TraceEvent): string {
  const { t, type, host, from, to, reason, ...rest } = e as TraceEvent & Record<string, unknown>;
  const time = `${toSeconds(t).toFixed(6).padStart(14)} s`;
  const who = [host, rest.iface, rest.vhid !== undefined ? `vhid ${rest.vhid}` : undefined, rest.service, rest.port, rest.group && type === "arp.owner" ? `${rest.group} ${rest.vip}` : undefined]
    .filter((x) => x !== undefined && x !== null && x !== "").join(" ");
  const change = from !== undefined || to !== undefined ? `${String(from)} -> ${String(to)}` : "";
  const extra = Object.entries(rest)
    .filter(([k]) => !["iface", "vhid", "service", "port", "group", "vip"].includes(k))
    .map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ");
  return `${time}  ${type.padEnd(15)} ${[who, change, extra, reason ? `(${String(reason)})` : ""].filter(Boolean).join("  ")}`;
}

function summaryText(s: SimSummary): string {
  const lines = ["", `summary: ${s.lab} FreeBSD ${s.release}, seed ${s.seed}, ${s.durationS} s simulated, ${s.events} events, trace ${s.traceHash}`];
  for (const v of s.vips) {
    lines.push(`  ${v.group} ${v.vip}: ${v.owners.map((o) => `${o.host ?? "(none)"} ${o.fromS}-${o.toS} s`).join(", ") || "never owned"}`);
    for (const f of v.failovers) {
      lines.push(`    failover at ${f.atS} s: ${f.from ?? "(none)"} -> ${f.to}${f.takeoverS !== undefined ? `, ${f.takeoverS} s after "${f.fault}"` : ""}`);
    }
  }
  for (const n of s.notes) lines.push(`  note: ${n}`);
  for (const c of s.checkers) {
    lines.push(`  ${c.ok ? "ok  " : "FAIL"} ${c.checker}`);
    for (const v of c.violations) lines.push(`       ${v.startS}-${v.endS ?? "end"} s: ${v.message}`);
  }
  return lines.join("\n");
}

export async function simCommand(file: string | undefined, options: SimCommandOptions, io: CliIo): Promise<ExitCode> {
  const seed = Number(options.seed);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new LabError(`--seed ${options.seed}: not a whole number >= 0`, EXIT.usage, "use e.g. --seed 1");
  const durationUs = parseDurationText(options.duration);
  if (durationUs === undefined || durationUs <= 0) throw new LabError(`--duration ${options.duration}: not a duration`, EXIT.usage, "use e.g. 120s, 5m, 24h");
  const { lab, warnings } = await openLab(file, io.cwd, { persistSecrets: false, ...(options.release ? { release: options.release } : {}) });
  if (warnings.length && !options.json) io.err(formatDiagnostics(warnings) + "\n");
  const faults: ScheduledFault[] = [];
  options.fault.forEach((text, i) => {
    const parsed = parseFault(text);
    if (!parsed.ok) throw new LabError(`--fault #${i + 1} "${text}": ${parsed.error.message}`, EXIT.usage, parsed.error.hint);
    const problems = validateFault(parsed.value.fault, lab);
    if (problems.length) throw new LabError(`--fault #${i + 1} "${text}": ${problems[0]!.message}`, EXIT.usage, problems[0]!.hint);
    if (parsed.value.atUs > durationUs) throw new LabError(`--fault #${i + 1} "${text}": after the end of the run (${options.duration})`, EXIT.usage, "lengthen --duration or fault earlier");
    faults.push(parsed.value);
  });
  const out: string[] = [];
  const flush = () => {
    if (out.length) io.out(out.join("\n"));
    out.length = 0;
  };
  const onEvent = (e: TraceEvent, level: EventLevel) => {
    if (level === "protocol" && options.events !== "all") return;
    out.push(options.json ? eventJson(e) : timelineLine(e));
    if (out.length >= 1000) flush();
  };
  if (!options.json) io.out(`lab sim: ${lab.name} (FreeBSD ${lab.release}), seed ${seed}, ${options.duration}, ${faults.length} fault(s): ${faults.map((f) => `${toSeconds(f.atUs)}s ${formatFault(f.fault)}`).join("; ") || "none"}`);
  const summary = runSimulation(lab, { seed, durationUs, faults }, onEvent);
  flush();
  io.out(options.json ? JSON.stringify(summary) : summaryText(summary));
  return EXIT.ok;
}
