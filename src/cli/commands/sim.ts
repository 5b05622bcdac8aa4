// `lab sim [FILE] --seed N --duration 300s --fault "30s: power-off proxy01" ... [--scenario NAME]
// [--events state|all] [--json]`: a headless, seeded run of the simulator under the lab's traffic.
// One JSON event a line then a summary line with --json; a readable timeline otherwise. A scenario
// brings its faults, traffic, duration and seed, and its expectations are checked (exit 6 when one
// fails). Same inputs, byte-identical output.

import { EXIT, LabError, type ExitCode } from "../../app/errors.js";
import { openLab } from "../../app/open-lab.js";
import { parseFault, validateFault, formatFault, type ScheduledFault } from "../../faults/index.js";
import { parseDurationText } from "../../faults/index.js";
import type { TraceEvent, EventLevel } from "../../sim/engine/engine.js";
import { toSeconds } from "../../sim/engine/time.js";
import { checkExpectations, type ExpectationResult } from "../../sim/expect.js";
import { runSimulation, type SimSummary } from "../../sim/run.js";
import type { TrafficSetting } from "../../sim/services/plane.js";
import { listScenarios, loadScenario, scenarioFaults, type LoadedScenario } from "../../app/scenario.js";
import type { Release, ResolvedLab } from "../../model/types.js";
import type { Scenario } from "../../model/scenario-schema.js";
import type { CliIo } from "../io.js";
import { formatDiagnostics } from "../report.js";

export interface SimCommandOptions {
  readonly seed?: string;
  readonly duration?: string;
  readonly fault: readonly string[];
  readonly scenario?: string;
  readonly listScenarios?: boolean;
  /** false with --no-traffic. */
  readonly traffic?: boolean;
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
  lines.push(...servicesText(s));
  return lines.join("\n");
}

const seconds = (v: number | null): string => (v === null ? "-" : `${v.toFixed(3)} s`);

function servicesText(s: SimSummary): string[] {
  const lines: string[] = [];
  const r = s.requests;
  if (r.total) {
    lines.push(`  requests: ${r.total} from ${r.trafficStartS} s, ${r.failed} failed, availability ${r.availabilityPercent}%`);
    for (const [cause, n] of Object.entries(r.failuresByCause)) lines.push(`    ${String(n).padStart(8)}  ${cause}`);
    lines.push(`  pages: p50 ${seconds(r.page.p50S)}, p95 ${seconds(r.page.p95S)}, p99 ${seconds(r.page.p99S)} (${r.page.samples})`);
    lines.push(`  registrations: p50 ${seconds(r.registration.p50S)}, p95 ${seconds(r.registration.p95S)}, p99 ${seconds(r.registration.p99S)} (${r.registration.samples})`);
  } else lines.push("  requests: none (no traffic)");
  for (const c of s.verdict.checks) {
    const measured = c.measured === undefined ? "no data" : c.unit === "%" ? `${c.measured.toFixed(3)}%` : `${c.measured.toFixed(3)} s`;
    lines.push(`  ${c.status === "fail" ? "FAIL" : c.status === "pass" ? "ok  " : "n/a "} requirement ${c.name}: ${measured} (${c.unit === "%" ? `>= ${c.limit}%` : `p95 <= ${c.limit} s`})`);
  }
  for (const d of s.databases) {
    const w = d.writes;
    lines.push(`  mysql ${d.pair}${d.semiSync ? " (semi-sync)" : ""}: ${w.committed} writes committed, ${w.replicated} replicated, ${w.lost} lost at failover` +
      `${d.semiSync ? ` (${w.lostAcknowledged} acknowledged)` : ""}, ${w.rejected} rejected; replica lag max ${d.maxReplicaLagS} s`);
    for (const p of d.promotions) lines.push(`    ${p.atS} s: ${p.host} promoted: ${p.message}`);
    lines.push(`  ${d.checker.ok ? "ok  " : "FAIL"} mysql ${d.pair}: at most one writable server`);
    for (const v of d.checker.violations) lines.push(`       ${v.startS}-${v.endS ?? "end"} s: ${v.message}`);
  }
  for (const p of s.storage.pools) lines.push(`  zpool ${p.host}:${p.pool} ${p.state}${p.failedDisks.length ? ` (failed: ${p.failedDisks.join(", ")})` : ""}${p.scan ? `; ${p.scan}` : ""}`);
  for (const p of s.storage.pairs) {
    lines.push(`  storage ${p.pair}: ${p.primary} -> ${p.replica}, RPO ${p.rpoS === undefined ? "-" : `${p.rpoS} s`} (max ${p.maxRpoS ?? "-"} s), ${p.snapshotsTaken} snapshots, ${p.replications} replications`);
    for (const x of p.promotions) lines.push(`    ${x.atS} s: ${x.host} promoted, ${x.lostBytes} bytes written since ${x.lostSinceS ?? "-"} s lost`);
  }
  for (const [where, n] of Object.entries(s.storage.exportFailures)) lines.push(`    ${n} failed storage operations on ${where}`);
  return lines;
}

function expectationsText(results: readonly ExpectationResult[]): string {
  return ["", "expectations:", ...results.map((r) => `  ${r.ok ? "ok  " : "FAIL"} ${r.check}: ${r.detail}`)].join("\n");
}

export async function simCommand(file: string | undefined, options: SimCommandOptions, io: CliIo): Promise<ExitCode> {
  if (options.listScenarios) {
    const list = listScenarios(io.cwd);
    if (options.json) io.out(JSON.stringify(list.map(({ name, description }) => ({ name, description }))));
    else io.out(list.map((x) => `${x.name.padEnd(28)} ${x.description}`).join("\n") || "no scenarios found in lab/scenarios/");
    return EXIT.ok;
  }
  const loaded: LoadedScenario | undefined = options.scenario === undefined ? undefined : loadScenario(options.scenario, io.cwd);
  const scenario = loaded?.scenario;
  const seedText = options.seed ?? (scenario?.seed === undefined ? "1" : String(scenario.seed));
  const seed = Number(seedText);
  if (!Number.isSafeInteger(seed) || seed < 0) throw new LabError(`--seed ${seedText}: not a whole number >= 0`, EXIT.usage, "use e.g. --seed 1");
  const durationText = options.duration ?? scenario?.duration ?? "300s";
  const durationUs = parseDurationText(durationText);
  if (durationUs === undefined || durationUs <= 0) throw new LabError(`--duration ${durationText}: not a duration`, EXIT.usage, "use e.g. 120s, 5m, 24h");
  const release = options.release ?? scenario?.release;
  const opened = await openLab(file, io.cwd, { persistSecrets: false, ...(release ? { release } : {}) });
  const { warnings } = opened;
  if (warnings.length && !options.json) io.err(formatDiagnostics(warnings) + "\n");
  const lab = scenario?.traffic ? withTrafficProfile(opened.lab, scenario.traffic) : opened.lab;
  const faults: ScheduledFault[] = loaded ? scenarioFaults(loaded, lab).filter((f) => f.atUs <= durationUs) : [];
  options.fault.forEach((text, i) => {
    const parsed = parseFault(text);
    if (!parsed.ok) throw new LabError(`--fault #${i + 1} "${text}": ${parsed.error.message}`, EXIT.usage, parsed.error.hint);
    const problems = validateFault(parsed.value.fault, lab);
    if (problems.length) throw new LabError(`--fault #${i + 1} "${text}": ${problems[0]!.message}`, EXIT.usage, problems[0]!.hint);
    if (parsed.value.atUs > durationUs) throw new LabError(`--fault #${i + 1} "${text}": after the end of the run (${durationText})`, EXIT.usage, "lengthen --duration or fault earlier");
    faults.push(parsed.value);
  });
  faults.sort((a, b) => a.atUs - b.atUs);
  const traffic: TrafficSetting | false = options.traffic === false || scenario?.traffic === false ? false : trafficSetting(scenario?.traffic);
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
  if (!options.json) {
    const what = scenario ? `scenario ${scenario.name}: ${scenario.description}\n` : "";
    io.out(`${what}lab sim: ${lab.name} (FreeBSD ${lab.release}), seed ${seed}, ${durationText}, ${faults.length} fault(s): ${faults.map((f) => `${toSeconds(f.atUs)}s ${formatFault(f.fault)}`).join("; ") || "none"}`);
  }
  const semiSync = scenario?.mysql?.semiSync;
  const summary = runSimulation(lab, { seed, durationUs, faults, traffic, ...(semiSync === undefined ? {} : { semiSync }) }, onEvent);
  flush();
  const expectations = checkExpectations(scenario?.expect, summary);
  if (options.json) io.out(JSON.stringify(scenario ? { ...summary, scenario: scenario.name, expectations } : summary));
  else io.out(summaryText(summary) + (expectations.length ? expectationsText(expectations) : ""));
  return expectations.every((e) => e.ok) ? EXIT.ok : EXIT.expectationFailed;
}

/** A scenario's traffic: flat at the peak unless it says otherwise. */
function trafficSetting(t: Exclude<Scenario["traffic"], false>): TrafficSetting {
  if (!t) return {};
  return {
    flat: t.flat ?? true,
    ...(t.rateScale === undefined ? {} : { rateScale: t.rateScale }),
    ...(t.startHour === undefined ? {} : { startHour: t.startHour }),
  };
}

/** The lab with the scenario's replacements of its traffic profile (write load, sessions). */
function withTrafficProfile(lab: ResolvedLab, t: Exclude<Scenario["traffic"], false | undefined>): ResolvedLab {
  return {
    ...lab,
    traffic: {
      ...lab.traffic,
      ...(t.registrationsPerHour === undefined ? {} : { registrationsPerHour: t.registrationsPerHour }),
      ...(t.peakSessionsPerS === undefined ? {} : { peakSessionsPerS: t.peakSessionsPerS }),
    },
  };
}
