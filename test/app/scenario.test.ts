// Scenario files: found by name or path, checked as strict JSON, against the schema and against the
// lab, with pointers and file:line:column; the shipped ones are all valid for the reference lab.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LabError } from "../../src/app/errors.js";
import { checkScenarioText, listScenarios, loadScenario, scenarioFaults } from "../../src/app/scenario.js";
import { referenceLab } from "../support/reference-lab.js";

const ROOT = new URL("../..", import.meta.url).pathname;

function problems(fn: () => unknown): { message: string; diagnostics: { pointer: string; message: string; hint: string; origin?: string }[] } {
  try {
    fn();
  } catch (e) {
    if (e instanceof LabError) return { message: e.message, diagnostics: e.diagnostics.map((d) => ({ pointer: d.pointer, message: d.message, hint: d.hint, ...(d.origin ? { origin: d.origin } : {}) })) };
    throw e;
  }
  throw new Error("expected a LabError");
}

describe("shipped scenarios", () => {
  const names = listScenarios(ROOT).map((s) => s.name);

  it("include the drills the issue names", () => {
    expect(names).toEqual(expect.arrayContaining([
      "proxy-master-power-off", "nginx-crash-on-master", "db-master-crash", "db-master-crash-semisync", "db-mysqld-crash", "app-server-loss",
      "stor01-two-disks", "stor01-three-disks", "stor01-loss", "pfsync-cut-during-failover",
    ]));
  });

  it.each(listScenarios(ROOT).map((s) => s.name))("%s is valid for the reference lab", (name) => {
    const loaded = loadScenario(name, ROOT);
    const lab = referenceLab(loaded.scenario.release ?? "14.2");
    expect(scenarioFaults(loaded, lab).length).toBe(loaded.scenario.faults.length);
  });

  it("are found from any directory (shipped with the package), and a lab's own shadow them", () => {
    const dir = mkdtempSync(join(tmpdir(), "lab-scenario-"));
    expect(loadScenario("db-master-crash", dir).scenario.name).toBe("db-master-crash");
    mkdirSync(join(dir, "lab/scenarios"), { recursive: true });
    writeFileSync(join(dir, "lab/scenarios/db-master-crash.json"), JSON.stringify({ name: "db-master-crash", description: "mine", duration: "1m", faults: [] }));
    expect(loadScenario("db-master-crash", dir).scenario.description).toBe("mine");
  });
});

describe("bad scenarios", () => {
  it("names an unknown scenario's near miss and the valid names", () => {
    const { message } = problems(() => loadScenario("db-master-crsh", ROOT));
    expect(message).toMatch(/^unknown scenario "db-master-crsh": did you mean "db-master-crash"\? Valid: app-server-loss, /);
  });

  it("reports JSON syntax with its position", () => {
    const { diagnostics } = problems(() => checkScenarioText('{"name": "x",\n  "faults": [,]}', "x.json", "x"));
    expect(diagnostics[0]!.origin).toMatch(/^x\.json:2:\d+$/);
    expect(diagnostics[0]!.message).toMatch(/^invalid JSON/);
  });

  it("reports schema problems with pointers, lines and the allowed values", () => {
    const text = JSON.stringify({ name: "x", description: "d", duration: "5m", faults: [], traffic: { rateScale: 2, flatt: true }, release: "9.0" }, null, 2);
    const { diagnostics } = problems(() => checkScenarioText(text, "x.json", "x"));
    expect(diagnostics.map((d) => [d.pointer, d.message])).toEqual(expect.arrayContaining([
      ["/traffic/flatt", 'unknown property "flatt"'],
      ["/release", '"9.0" is not an allowed value'],
    ]));
    const release = diagnostics.find((d) => d.pointer === "/release")!;
    expect(release.hint).toBe("use one of: 14.2, 8.1");
    expect(release.origin).toMatch(/^x\.json:\d+:\d+$/);
  });

  it("reports a bad fault and a fault after the end with the entry's pointer", () => {
    const text = JSON.stringify({ name: "x", description: "d", duration: "5m", faults: ["1m: power-of proxy01", "6m: power-off proxy01"] }, null, 2);
    const { diagnostics } = problems(() => checkScenarioText(text, "x.json", "x"));
    expect(diagnostics.map((d) => [d.pointer, d.message])).toEqual([
      ["/faults/0", '"1m: power-of proxy01": unknown fault "power-of": did you mean "power-off"? (column 5)'],
      ["/faults/1", '"6m: power-off proxy01" is after the end of the run (5m)'],
    ]);
    expect(diagnostics[1]!.origin).toBe("x.json:7:5"); // line 7: the second fault
  });

  it("checks the faults against the lab: unknown hosts and disks get the valid names", () => {
    const text = JSON.stringify({ name: "x", description: "d", duration: "5m", faults: ["1m: disk-fail stor01 da9", "2m: power-off proxy03"] }, null, 2);
    const loaded = checkScenarioText(text, "x.json", "x");
    const { diagnostics } = problems(() => scenarioFaults(loaded, referenceLab()));
    expect(diagnostics.map((d) => d.pointer)).toEqual(["/faults/0", "/faults/1"]);
    expect(diagnostics[1]!.message).toMatch(/unknown host "proxy03": did you mean "proxy01"\?/);
  });

  it("wants the name to match the file", () => {
    const { diagnostics } = problems(() => checkScenarioText(JSON.stringify({ name: "y", description: "d", duration: "5m", faults: [] }), "x.json", "x"));
    expect(diagnostics.map((d) => d.message)).toEqual(['name "y" differs from the file name x.json']);
  });
});
