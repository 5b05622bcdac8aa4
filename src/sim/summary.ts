// The run's summary, built from the trace alone: per-VIP owner timelines and failovers (time of the
// fault, new master, takeover seconds), notes on faults that did not fail over and why, checker
// verdicts, the seed and the trace hash.

import type { ResolvedLab } from "../model/types.js";
import type { TraceEvent } from "./engine/engine.js";
import { type Micros, toSeconds } from "./engine/time.js";
import type { Checker, Verdict } from "./checkers/checker.js";

export interface OwnerSpan {
  readonly fromS: number;
  readonly toS: number;
  readonly host: string | null;
}

export interface Failover {
  readonly atS: number;
  readonly from: string | null;
  readonly to: string;
  /** The last fault injected before the takeover, and how long the takeover took after it. */
  readonly fault?: string;
  readonly faultAtS?: number;
  readonly takeoverS?: number;
  /** Client requests that started between the fault and the takeover and failed. */
  failedRequests?: number;
}

export interface SimSummary {
  readonly type: "summary";
  readonly lab: string;
  readonly release: string;
  readonly seed: number;
  readonly durationS: number;
  readonly events: number;
  readonly traceHash: string;
  readonly vips: readonly { readonly group: string; readonly vip: string; readonly owners: readonly OwnerSpan[]; readonly failovers: readonly Failover[] }[];
  readonly notes: readonly string[];
  readonly checkers: readonly { readonly checker: string; readonly ok: boolean; readonly violations: readonly { startS: number; endS: number | null; message: string }[] }[];
  readonly ok: boolean;
}

/** The request side of the run, for failover costs: counts and a way to look again later. */
export interface FailoverCosting {
  /** Failed requests that started in [fromUs, toUs]. */
  failedBetween(fromUs: Micros, toUs: Micros): number;
  /** Runs `fn` at simulated time `atUs` (a request that started in the window may fail up to a minute later). */
  at(atUs: Micros, fn: () => void): void;
}

/** How long after a takeover its failed-request count is final: the longest client/proxy timeout plus margin. */
export const FAILOVER_COST_SETTLE_US: Micros = 90_000_000;

/** Collects what the summary needs while the run goes on (memory stays small: no event list). */
export class SummaryCollector {
  private readonly owners = new Map<string, { host: string | null; since: Micros }[]>();
  private readonly failovers = new Map<string, Failover[]>();
  private lastFault: { text: string; t: Micros } | undefined;
  private readonly demoted: { host: string; t: Micros; how: string }[] = [];
  private readonly preempt = new Map<string, boolean>();
  private readonly masters = new Map<string, string>();
  private readonly booted = new Set<string>();
  private settledUs: Micros | undefined;
  /** After the last host boots: the slowest master-down time (3*advbase + 240/256 s) plus one advertisement. */
  private readonly settleUs: Micros;

  constructor(private readonly lab: ResolvedLab, private readonly checkers: readonly Checker[], private readonly costing?: FailoverCosting) {
    for (const h of lab.hosts) this.preempt.set(h.name, h.carpPreempt);
    const advbase = Math.max(1, ...lab.carp.map((g) => g.advbase));
    this.settleUs = (4 * advbase + 1) * 1_000_000;
  }

  observe(e: TraceEvent): void {
    for (const c of this.checkers) c.observe(e);
    switch (e.type) {
      case "fault.inject":
      case "fault.heal":
        this.lastFault = { text: String(e.fault), t: e.t };
        break;
      case "host.state":
        if (e.to === "running" && this.settledUs === undefined) {
          this.booted.add(String(e.host));
          if (this.booted.size === this.lab.hosts.length) this.settledUs = e.t + this.settleUs;
        }
        break;
      case "sysctl":
        if (e.name === "net.inet.carp.preempt") this.preempt.set(String(e.host), Number(e.value) !== 0);
        break;
      case "carp.demotion":
        if (Number(e.to) > Number(e.from) && !String(e.reason ?? "").startsWith("suppress_preempt")) {
          this.demoted.push({ host: String(e.host), t: e.t, how: `net.inet.carp.demotion=${Number(e.to)}` });
        }
        break;
      case "ifstated.run": {
        // 8.1 demotes by raising a carpN's advskew (no demotion sysctl before FreeBSD 10).
        const m = /^ifconfig (\S+) (?:vhid \d+ )?advskew (\d+)$/.exec(String(e.command));
        const configured = this.lab.hosts.find((h) => h.name === e.host)?.carp[0]?.advskew ?? 0;
        if (m && Number(m[2]) > configured) this.demoted.push({ host: String(e.host), t: e.t, how: `ifconfig ${m[1]} advskew ${m[2]}` });
        break;
      }
      case "carp.state":
        if (e.to === "MASTER") this.masters.set(String(e.group), String(e.host));
        break;
      case "arp.owner": {
        const group = String(e.group);
        const host = e.host === null || e.host === undefined ? null : String(e.host);
        const list = this.owners.get(group) ?? [];
        const previous = list[list.length - 1];
        if (previous && previous.host === host) break;
        list.push({ host, since: e.t });
        this.owners.set(group, list);
        if (host === null) break;
        // Owner changes until every host has booted and CARP had time to settle are the cluster
        // converging (on 8.1 both members may grab the VIP as they finish booting), not failovers.
        if (this.settledUs === undefined || e.t < this.settledUs) break;
        const from = [...list].reverse().slice(1).find((s) => s.host !== null)?.host ?? null;
        const f = this.lastFault;
        const failover: Failover = {
          atS: toSeconds(e.t), from, to: host,
          ...(f ? { fault: f.text, faultAtS: toSeconds(f.t), takeoverS: toSeconds(e.t - f.t) } : {}),
        };
        this.failovers.set(group, [...(this.failovers.get(group) ?? []), failover]);
        const costing = this.costing;
        if (costing && f) {
          const from = f.t;
          const to = e.t;
          failover.failedRequests = costing.failedBetween(from, to);
          costing.at(e.t + FAILOVER_COST_SETTLE_US, () => { failover.failedRequests = costing.failedBetween(from, to); });
        }
        break;
      }
    }
  }

  // A master demoted while a peer could take over, but no failover followed: say why.
  private notes(): string[] {
    const out: string[] = [];
    for (const d of this.demoted) {
      for (const g of this.lab.carp) {
        if (!g.members.some((m) => m.host === d.host)) continue;
        const after = (this.failovers.get(g.name) ?? []).some((f) => f.from === d.host && f.atS * 1e6 >= d.t);
        const wasMaster = (this.owners.get(g.name) ?? []).some((s, i, all) => s.host === d.host && s.since <= d.t && (all[i + 1]?.since ?? Infinity) > d.t);
        if (after || !wasMaster) continue;
        const blockers = g.members.filter((m) => m.host !== d.host && !this.preempt.get(m.host)).map((m) => m.host);
        if (blockers.length) {
          out.push(`${g.name}: ${d.host} was demoted (${d.how}) at ${toSeconds(d.t)} s but stayed MASTER: ${blockers.join(", ")} ${blockers.length === 1 ? "has" : "have"} net.inet.carp.preempt=0, and a BACKUP takes over a live master only with preempt on`);
        }
      }
    }
    return out;
  }

  /** The failover with its failed-request count as of `nowUs` (final once the settle time passed). */
  costed(f: Failover, nowUs: Micros): Failover {
    if (!this.costing || f.faultAtS === undefined || nowUs >= f.atS * 1e6 + FAILOVER_COST_SETTLE_US) return { ...f };
    return { ...f, failedRequests: this.costing.failedBetween(Math.round(f.faultAtS * 1e6), Math.round(f.atS * 1e6)) };
  }

  /** Every failover so far, oldest first (the console's failover timer). */
  allFailovers(): { group: string; vip: string; failover: Failover }[] {
    return this.lab.carp.flatMap((g) => (this.failovers.get(g.name) ?? []).map((failover) => ({ group: g.name, vip: g.address, failover })))
      .sort((a, b) => a.failover.atS - b.failover.atS);
  }

  finish(endUs: Micros, meta: { seed: number; traceHash: string; events: number }): SimSummary {
    const verdicts: Verdict[] = this.checkers.map((c) => c.finish(endUs));
    const vips = this.lab.carp.map((g) => {
      const list = this.owners.get(g.name) ?? [];
      const owners = list.map((s, i) => ({ fromS: toSeconds(s.since), toS: toSeconds(list[i + 1]?.since ?? endUs), host: s.host }));
      return { group: g.name, vip: g.address, owners, failovers: (this.failovers.get(g.name) ?? []).map((f) => this.costed(f, endUs)) };
    });
    return {
      type: "summary", lab: this.lab.name, release: this.lab.release, seed: meta.seed, durationS: toSeconds(endUs),
      events: meta.events, traceHash: meta.traceHash, vips, notes: this.notes(),
      checkers: verdicts.map((v) => ({
        checker: v.checker, ok: v.ok,
        violations: v.violations.map((x) => ({ startS: toSeconds(x.startUs), endS: x.endUs === undefined ? null : toSeconds(x.endUs), message: x.message })),
      })),
      ok: verdicts.every((v) => v.ok),
    };
  }
}
