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

describe("db-master-crash", () => {
  it("reports lost writes the test recomputes from the trace, the lost ids and the write ledger", async () => {
    const { lines } = await sim("--scenario", "db-master-crash", "--json");
    const events = lines.slice(0, -1).map((l) => JSON.parse(l) as { type: string; host?: string; lost?: number; count?: number; t: number });
    const summary = JSON.parse(lines[lines.length - 1]!);
    const db = summary.databases[0];
    const lost: number = db.writes.lost;
    expect(lost).toBeGreaterThan(0);
    // 1. From the trace: each promotion's mysql.lost event counts what the new master never had.
    const fromTrace = events.filter((e) => e.type === "mysql.lost").reduce((n, e) => n + (e.count ?? 0), 0);
    expect(fromTrace).toBe(lost);
    // 2. From the lost id ranges.
    expect(db.lostRanges.reduce((n: number, r: { from: number; to: number }) => n + r.to - r.from + 1, 0)).toBe(lost);
    // 3. From the ledger: every committed write is replicated, still waiting for a replica, or lost.
    expect(db.writes.committed - db.writes.replicated - db.writes.notYetFetched).toBe(lost);
    // The crash came under write load over a slow replication link: the loss is about the writes
    // of the link's delay (50 writes/s x 0.3 s one way, fetched at most one delay late), not more.
    const crash = events.find((e) => e.type === "mysql.state" && e.host === "db01" && e.t >= 180)!;
    expect(crash).toBeDefined();
    expect(lost).toBeLessThan(60);
  }, 120_000);
});
