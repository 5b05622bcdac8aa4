// A scenario's expectations checked against its run's summary: each check says what was expected
// and what the run showed, so `lab sim --scenario` can print them and tests can assert them.

import type { ScenarioExpect } from "../model/scenario-schema.js";
import type { SimSummary } from "./run.js";

export interface ExpectationResult {
  readonly check: string;
  readonly ok: boolean;
  readonly detail: string;
}

function inBounds(value: number | null, bounds: { readonly min?: number; readonly max?: number }): boolean {
  if (value === null) return false;
  return (bounds.min === undefined || value >= bounds.min) && (bounds.max === undefined || value <= bounds.max);
}

function boundsText(bounds: { readonly min?: number; readonly max?: number }): string {
  if (bounds.min !== undefined && bounds.max !== undefined) return bounds.min === bounds.max ? `= ${bounds.min}` : `in ${bounds.min}..${bounds.max}`;
  if (bounds.min !== undefined) return `>= ${bounds.min}`;
  return `<= ${bounds.max ?? "any"}`;
}

export function checkExpectations(expect: ScenarioExpect | undefined, s: SimSummary): ExpectationResult[] {
  if (!expect) return [];
  const out: ExpectationResult[] = [];
  const bounded = (check: string, value: number | null, bounds: { readonly min?: number; readonly max?: number }) =>
    out.push({ check: `${check} ${boundsText(bounds)}`, ok: inBounds(value, bounds), detail: `${check} = ${value ?? "none"}` });
  for (const want of expect.failovers ?? []) {
    const vip = s.vips.find((v) => v.group === want.group);
    const hit = vip?.failovers.find((f) => f.to === want.to && (want.from === undefined || f.from === want.from));
    out.push({
      check: `failover of ${want.group}${want.from ? ` from ${want.from}` : ""} to ${want.to}`,
      ok: hit !== undefined,
      detail: hit ? `at ${hit.atS} s${hit.takeoverS !== undefined ? `, ${hit.takeoverS} s after "${hit.fault}"` : ""}` : `failovers of ${want.group}: ${vip?.failovers.map((f) => `${f.from ?? "-"}->${f.to}`).join(", ") || "none"}`,
    });
  }
  for (const group of expect.noFailover ?? []) {
    const n = s.vips.find((v) => v.group === group)?.failovers.length ?? 0;
    out.push({ check: `no failover of ${group}`, ok: n === 0, detail: `${n} failover(s)` });
  }
  if (expect.availabilityPercent) bounded("availability %", s.requests.availabilityPercent, expect.availabilityPercent);
  if (expect.lostWrites) bounded("lost writes", s.databases.reduce((n, d) => n + d.writes.lost, 0), expect.lostWrites);
  if (expect.lostAcknowledgedWrites) bounded("lost acknowledged writes", s.databases.reduce((n, d) => n + d.writes.lostAcknowledged, 0), expect.lostAcknowledgedWrites);
  for (const want of expect.pools ?? []) {
    const pool = s.storage.pools.find((p) => p.host === want.host && p.pool === want.pool);
    out.push({ check: `pool ${want.host}:${want.pool} ${want.state}`, ok: pool?.state === want.state, detail: `state ${pool?.state ?? "unknown"}` });
  }
  if (expect.storageLostBytes) {
    bounded("storage lost bytes", s.storage.pairs.reduce((n, p) => n + p.promotions.reduce((m, x) => m + x.lostBytes, 0), 0), expect.storageLostBytes);
  }
  for (const cause of expect.failuresByCause ?? []) {
    const n = s.requests.failuresByCause[cause] ?? 0;
    out.push({ check: `failures caused by "${cause}"`, ok: n > 0, detail: `${n} request(s)` });
  }
  if (expect.checkersOk !== undefined) {
    const failing = [...s.checkers.filter((c) => !c.ok).map((c) => c.checker), ...s.databases.filter((d) => !d.checker.ok).map((d) => `mysql ${d.pair} two writers`)];
    out.push({ check: `checkers ${expect.checkersOk ? "pass" : "fail"}`, ok: (failing.length === 0) === expect.checkersOk, detail: failing.length ? `failing: ${failing.join(", ")}` : "all pass" });
  }
  return out;
}
