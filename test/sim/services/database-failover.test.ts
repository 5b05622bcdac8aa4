// The fidelity test of issue 5: killing the db master under write load loses exactly the writes its
// replica had not fetched, and the summary's count equals that accounting; semi-sync loses none
// acknowledged. Every write's answer is checked against the mechanism: committed on db01, in flight
// at the power-off (timeout), no VIP owner until db02's CARP takes over, read-only until ifstated's
// promote runs, then committed on db02.
import { describe, expect, it } from "vitest";
import type { Release } from "../../../src/model/types.js";
import { CLIENT_TIMEOUT_US } from "../../../src/sim/services/database-timing.js";
import { causesOf, commitAtUs, dbRig, firstEvent, idsOf, ONE_WAY_US, S, type QueryRecord } from "./database-support.js";

const SEMI_SYNC_TIMEOUT_US = 10 * S;

/** Three writers (app01, app02 at the same instants, app02 again 1 ms later) at 50 writes/s each. */
function masterLoss(release: Release, semiSync: boolean, seed = 1) {
  const rig = dbRig(release, { semiSync }, seed);
  const endUs = 120 * S;
  rig.writeLoad("app01", 30 * S, 20_000, endUs);
  rig.writeLoad("app02", 30 * S, 20_000, endUs);
  rig.writeLoad("app02", 30 * S + 1_000, 20_000, endUs);
  // 50 µs after the commits of the 60 s tick: their events are on the wire to db02 (100 µs).
  const offUs = commitAtUs(60 * S) + 50;
  rig.engine.at(offUs, () => rig.world.powerOff("db01"));
  rig.engine.runUntil(endUs + CLIENT_TIMEOUT_US + S);
  const claimUs = firstEvent(rig.events, offUs, (e) => e.type === "arp.owner" && e["group"] === "mysql" && e["host"] === "db02").t;
  const writableUs = firstEvent(rig.events, offUs, (e) => e.type === "mysql.readonly" && e["host"] === "db02" && e["readOnly"] === false).t;
  return { rig, offUs, claimUs, writableUs };
}

function nonZero(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
}

type Fate = "db01" | "db01, reply lost" | "in flight" | "no VIP owner" | "database read-only" | "db02";

/** What the mechanism does to a write issued at t0. */
function fateOf(w: QueryRecord, offUs: number, claimUs: number, writableUs: number, semiSync: boolean): Fate {
  const tc = commitAtUs(w.t0);
  if (w.t0 < offUs) {
    if (tc >= offUs) return "in flight";
    // Semi-sync: the OK waits for db02's ACK, one round trip on the db network.
    return semiSync && tc + 2 * ONE_WAY_US >= offUs ? "db01, reply lost" : "db01";
  }
  if (w.t0 < claimUs) return "no VIP owner";
  if (tc < writableUs) return "database read-only";
  return "db02";
}

function check(release: Release, semiSync: boolean) {
  const { rig, offUs, claimUs, writableUs } = masterLoss(release, semiSync);
  const { plane, writes } = rig;
  const semi = semiSync && release === "14.2";
  // 14.2's ifstated polls carp-state.sh every 1 s from its start at the end of the boot (20 s): the
  // promote runs at the next whole second; 8.1's carp0.link.up is a routing message, seen at once.
  expect(writableUs).toBe(release === "14.2" ? Math.ceil(claimUs / S) * S : claimUs);

  const fates = writes.map((w) => fateOf(w, offUs, claimUs, writableUs, semi));
  const counted = (f: Fate) => fates.filter((x) => x === f).length;
  for (const [i, w] of writes.entries()) {
    const r = w.result!;
    const fate = fates[i]!;
    if (fate === "db01" || fate === "db02") expect(r, `${w.from} at ${w.t0}`).toMatchObject({ ok: true, writeId: expect.any(Number) });
    else if (fate === "db01, reply lost" || fate === "in flight") expect(r).toMatchObject({ ok: false, cause: "timeout", latencyUs: CLIENT_TIMEOUT_US });
    else if (fate === "no VIP owner") expect(r).toMatchObject({ ok: false, cause: "no VIP owner", latencyUs: CLIENT_TIMEOUT_US });
    else expect(r).toMatchObject({ ok: false, cause: "database read-only", latencyUs: 2 * ONE_WAY_US + (commitAtUs(0) - ONE_WAY_US) });
  }
  expect(counted("in flight")).toBe(1);
  expect(counted("no VIP owner")).toBeGreaterThan(100);

  // Lost = committed on db01 (before the power-off) and not on the wire long enough to reach db02.
  const onDb01 = writes.filter((_, i) => fates[i] === "db01" || fates[i] === "db01, reply lost");
  const expectedLost = onDb01.filter((w) => commitAtUs(w.t0) + ONE_WAY_US >= offUs).map((w) => w.result!.writeId!).sort((a, b) => a - b);
  expect(expectedLost).toHaveLength(2);
  const summary = plane.summary()[0]!;
  expect(summary.writes.lost).toBe(expectedLost.length);
  expect(idsOf(summary.lostRanges)).toEqual(expectedLost);
  // Independently, from db02's data: it executed exactly the other db01 transactions.
  const cluster = plane.cluster("plone");
  expect(cluster.server("db02").gtidExecuted.last("db01")).toBe(onDb01.length - expectedLost.length);

  // The ledger's balance and its causes match the clients' view.
  const w = summary.writes;
  expect(w.attempted).toBe(writes.length);
  expect(w.committed).toBe(onDb01.length + counted("db02"));
  expect(w.committed + w.rejected).toBe(w.attempted);
  expect(w.replicated + w.notYetFetched + w.lost).toBe(w.committed);
  expect(w.rejectedByCause).toEqual(nonZero({
    "database read-only": counted("database read-only"),
    "no VIP owner": counted("no VIP owner"),
    timeout: counted("in flight"),
  }));
  expect(causesOf(writes)).toEqual(nonZero({
    ok: counted("db01") + counted("db02"),
    "database read-only": counted("database read-only"),
    "no VIP owner": counted("no VIP owner"),
    timeout: counted("in flight") + counted("db01, reply lost"),
  }));
  // 14.2 waits for ifstated's next poll with db02 still fenced; 8.1 promotes with the CARP change.
  expect(counted("database read-only") > 0).toBe(release === "14.2");
  expect(summary.promotions.at(-1)).toEqual({ atS: writableUs / S, host: "db02", ok: true, message: "promoted: writable master" });
  expect(summary.checker).toEqual({ ok: true, violations: [] });
  return { rig, summary, expectedLost, offUs, writableUs };
}

describe("db master power-off under write load", () => {
  it("async (14.2): loses exactly the writes db02 had not fetched, though their clients got OK", () => {
    const { rig, summary, expectedLost } = check("14.2", false);
    const lostSet = new Set(expectedLost);
    expect(rig.writes.filter((w) => lostSet.has(w.result?.writeId ?? -1)).every((w) => w.result!.ok)).toBe(true);
    expect(summary.writes.lostAcknowledged).toBe(0);
    expect(summary.semiSync).toBe(false);
  });

  it("semi-sync AFTER_SYNC (14.2): loses no acknowledged write; the new master waits 10 s for a replica, then falls back", () => {
    const { rig, summary, expectedLost, writableUs } = check("14.2", true);
    expect(summary.semiSync).toBe(true);
    expect(summary.writes.lostAcknowledged).toBe(0);
    const acked = rig.writes.filter((w) => w.result?.ok).map((w) => w.result!.writeId!);
    expect(acked.filter((id) => expectedLost.includes(id))).toEqual([]);
    // db02 has no replica after the promotion: its first commit waits rpl_semi_sync_source_timeout.
    const first = rig.writes.find((w) => commitAtUs(w.t0) >= writableUs)!;
    const off = firstEvent(rig.events, writableUs, (e) => e.type === "mysql.semisync" && e["host"] === "db02");
    expect(off).toMatchObject({ status: "OFF", t: commitAtUs(first.t0) + SEMI_SYNC_TIMEOUT_US });
    expect(first.result!.latencyUs).toBe(commitAtUs(first.t0) + SEMI_SYNC_TIMEOUT_US + ONE_WAY_US - first.t0);
  });

  it("8.1 (MySQL 5.1, async only): the same accounting; semi-sync asked for is not there", () => {
    const { summary } = check("8.1", false);
    expect(summary.writes.lostAcknowledged).toBe(0);
    expect(check("8.1", true).summary.semiSync).toBe(false);
  });

  it("same seed, same summary (byte-identical JSON and trace)", () => {
    const a = masterLoss("14.2", false, 7);
    const b = masterLoss("14.2", false, 7);
    expect(JSON.stringify(b.rig.plane.summary())).toBe(JSON.stringify(a.rig.plane.summary()));
    expect(JSON.stringify(b.rig.plane.view())).toBe(JSON.stringify(a.rig.plane.view()));
    expect(b.rig.engine.traceHash()).toBe(a.rig.engine.traceHash());
  });
});
