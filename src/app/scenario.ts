// Drill scenarios (lab/scenarios/*.json): found by name in the lab's own lab/scenarios/ or among the
// ones shipped with the package, or given as a path; checked as strict JSON, against
// schema/scenario.schema.json (ajv) and then against the lab (every fault's names exist). Problems
// are Diagnostics with a JSON pointer and the file:line:column they come from.

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, relative, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import scenarioSchema from "../../schema/scenario.schema.json" with { type: "json" };
import { parseFault, validateFault, type ScheduledFault } from "../faults/index.js";
import { parseDurationText } from "../faults/index.js";
import { locatePointer, parseJsonText } from "../lib/json-text.js";
import { choices } from "../lib/suggest.js";
import { type Diagnostic, parsePointer, pointer as ptr } from "../model/diagnostics.js";
import type { ResolvedLab } from "../model/types.js";
import type { Scenario } from "../model/scenario-schema.js";
import { ajvDiagnostics } from "./ajv-diagnostics.js";
import { EXIT, LabError } from "./errors.js";

export const SCENARIO_DIR = "lab/scenarios";

export interface LoadedScenario {
  readonly scenario: Scenario;
  /** Where it came from, as the user should see it. */
  readonly file: string;
  readonly durationUs: number;
  /** Positions of the document's pointers, for later diagnostics (faults checked against a lab). */
  locate(pointer: string): string;
}

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true, verbose: true }).compile(scenarioSchema);
  return compiled;
}

/** The package's own root (where its lab/scenarios ship), from this module's place in src/ or dist/. */
function packageRoot(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "speed-daemons-lab") return dir;
      } catch {
        // not ours
      }
    }
    dir = dirname(dir);
  }
  return undefined;
}

/** The directories scenarios are looked up in, the lab's own first. */
export function scenarioDirs(cwd: string): string[] {
  const dirs = [join(cwd, SCENARIO_DIR)];
  const root = packageRoot();
  if (root && resolvePath(root, SCENARIO_DIR) !== resolvePath(dirs[0]!)) dirs.push(join(root, SCENARIO_DIR));
  return dirs.filter((d) => existsSync(d) && statSync(d).isDirectory());
}

/** Every scenario name found, sorted (the lab's own shadow shipped ones of the same name). */
export function listScenarios(cwd: string): { name: string; file: string; description: string }[] {
  const out = new Map<string, { name: string; file: string; description: string }>();
  for (const dir of scenarioDirs(cwd)) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith(".json")).sort()) {
      const name = f.slice(0, -".json".length);
      if (out.has(name)) continue;
      let description = "";
      try {
        description = String((JSON.parse(readFileSync(join(dir, f), "utf8")) as { description?: unknown }).description ?? "");
      } catch {
        description = "(not valid JSON)";
      }
      out.set(name, { name, file: join(dir, f), description });
    }
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : 1));
}

function findScenario(nameOrFile: string, cwd: string): string {
  if (nameOrFile.endsWith(".json") || nameOrFile.includes("/")) {
    const path = resolvePath(cwd, nameOrFile);
    if (!existsSync(path)) throw new LabError(`scenario file ${nameOrFile}: no such file`, EXIT.io, "give the path of a scenario JSON file, or a scenario name");
    return path;
  }
  for (const dir of scenarioDirs(cwd)) {
    const path = join(dir, `${nameOrFile}.json`);
    if (existsSync(path)) return path;
  }
  const known = listScenarios(cwd).map((s) => s.name);
  throw new LabError(`unknown scenario "${nameOrFile}": ${choices(nameOrFile, known)}`, EXIT.usage, `scenarios are ${SCENARIO_DIR}/NAME.json; \`lab sim --list-scenarios\` lists them`);
}

function invalid(file: string, diagnostics: Diagnostic[]): LabError {
  const n = diagnostics.filter((d) => d.severity === "error").length;
  return new LabError(`scenario ${file}: ${n} problem${n === 1 ? "" : "s"}`, EXIT.invalidLab, "fix the scenario file at the places shown", diagnostics);
}

/** Reads and checks a scenario (strict JSON, the schema, its duration and fault syntax). */
export function loadScenario(nameOrFile: string, cwd: string): LoadedScenario {
  const path = findScenario(nameOrFile, cwd);
  const file = relative(cwd, path).startsWith("..") ? path : relative(cwd, path);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new LabError(`scenario ${file}: cannot read: ${(e as Error).message}`, EXIT.io);
  }
  return checkScenarioText(text, file, basename(path, ".json"));
}

/** Checks a scenario's text; `expectedName` is its file name without .json. */
export function checkScenarioText(text: string, file: string, expectedName?: string): LoadedScenario {
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    throw invalid(file, [{ severity: "error", code: "scenario-json-syntax", pointer: "", message: `invalid JSON: ${parsed.message}`,
      hint: "fix the JSON syntax at that position (strict JSON: no comments, no trailing commas)", origin: `${file}:${parsed.position}` }]);
  }
  const locate = (pointer: string) => `${file}:${locatePointer(parsed.tree, text, parsePointer(pointer))}`;
  const at = (d: Diagnostic): Diagnostic => ({ ...d, origin: locate(d.pointer) });
  const schema = ajvDiagnostics(validator(), parsed.value, { schema: scenarioSchema, codePrefix: "scenario-schema", schemaFile: "schema/scenario.schema.json" });
  if (schema.length) throw invalid(file, schema.map(at));
  const scenario = parsed.value as Scenario;
  const problems: Diagnostic[] = [];
  if (expectedName !== undefined && scenario.name !== expectedName) {
    problems.push({ severity: "error", code: "scenario-name", pointer: "/name", message: `name "${scenario.name}" differs from the file name ${expectedName}.json`,
      hint: `name the scenario "${expectedName}" or rename the file` });
  }
  const durationUs = parseDurationText(scenario.duration);
  if (durationUs === undefined || durationUs <= 0) {
    problems.push({ severity: "error", code: "scenario-duration", pointer: "/duration", message: `"${scenario.duration}" is not a duration`, hint: "write e.g. 10m, 1h, 1m30s" });
  }
  scenario.faults.forEach((textOf, i) => {
    const f = parseFault(textOf);
    if (!f.ok) {
      problems.push({ severity: "error", code: "scenario-fault", pointer: ptr("faults", i), message: `"${textOf}": ${f.error.message} (column ${f.error.column})`, hint: f.error.hint });
    } else if (durationUs !== undefined && f.value.atUs > durationUs) {
      problems.push({ severity: "error", code: "scenario-fault-time", pointer: ptr("faults", i), message: `"${textOf}" is after the end of the run (${scenario.duration})`, hint: "lengthen the duration or fault earlier" });
    }
  });
  if (problems.length) throw invalid(file, problems.map(at));
  return { scenario, file, durationUs: durationUs!, locate };
}

/** The scenario's faults, checked against the lab they run on (names of hosts, NICs, disks...). */
export function scenarioFaults(loaded: LoadedScenario, lab: ResolvedLab): ScheduledFault[] {
  const problems: Diagnostic[] = [];
  const out: ScheduledFault[] = [];
  loaded.scenario.faults.forEach((text, i) => {
    const f = parseFault(text);
    if (!f.ok) return;
    for (const p of validateFault(f.value.fault, lab)) {
      problems.push({ severity: "error", code: "scenario-fault-target", pointer: ptr("faults", i), message: `"${text}": ${p.message}`, hint: p.hint, origin: loaded.locate(ptr("faults", i)) });
    }
    out.push(f.value);
  });
  if (problems.length) throw invalid(loaded.file, problems);
  return out.map((s, i) => ({ s, i })).sort((a, b) => a.s.atUs - b.s.atUs || a.i - b.i).map((x) => x.s);
}
