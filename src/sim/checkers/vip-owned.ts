// Every VIP has an owner whenever a member could hold it: a gap longer than a takeover (the best
// backup's master-down time, 3*advbase + advskew/256, plus one advertisement) while some member is
// up with its link is a violation.

import type { ResolvedLab } from "../../model/types.js";
import type { TraceEvent } from "../engine/engine.js";
import { type Micros, US_PER_S } from "../engine/time.js";
import type { Checker, Verdict, Violation } from "./checker.js";

export function vipOwnedChecker(lab: ResolvedLab): Checker {
  const owner = new Map<string, string | undefined>();
  const hostUp = new Map<string, boolean>();
  const carpState = new Map<string, string>(); // group/host -> state
  const gapSince = new Map<string, Micros>();
  const violations: Violation[] = [];
  const graceUs = new Map(lab.carp.map((g) => {
    const worst = Math.max(...g.members.map((m) => m.advskew));
    return [g.name, 3 * g.advbase * US_PER_S + Math.ceil((worst / 256) * US_PER_S) + (g.advbase + 1) * US_PER_S] as const;
  }));
  const groups = new Map(lab.carp.map((g) => [g.name, g] as const));
  // Only the groups an event can concern are re-checked (a 1,000-host lab has hundreds of groups).
  const groupsOfHost = new Map<string, string[]>();
  for (const g of lab.carp) for (const m of g.members) groupsOfHost.set(m.host, [...(groupsOfHost.get(m.host) ?? []), g.name]);
  // A member "could hold" the VIP when its host runs and its CARP is not INIT (link up).
  const hasCandidate = (group: string) => groups.get(group)!.members.some((m) => {
    const state = carpState.get(`${group}/${m.host}`);
    return hostUp.get(m.host) && state !== undefined && state !== "INIT";
  });
  const update = (group: string, t: Micros) => {
    const unowned = owner.get(group) === undefined && hasCandidate(group);
    if (unowned && !gapSince.has(group)) gapSince.set(group, t);
    if (!unowned && gapSince.has(group)) {
      const start = gapSince.get(group)!;
      gapSince.delete(group);
      if (t - start > graceUs.get(group)!) {
        violations.push({ startUs: start, endUs: t, message: `${group} VIP had no owner for ${(t - start) / US_PER_S} s while a member was up` });
      }
    }
  };
  return {
    name: "every VIP owned while a member is up",
    observe(e: TraceEvent) {
      if (e.type === "host.state") {
        hostUp.set(String(e.host), e.to === "running");
        for (const g of groupsOfHost.get(String(e.host)) ?? []) update(g, e.t);
      } else if (e.type === "carp.state") {
        carpState.set(`${e.group}/${e.host}`, String(e.to));
        update(String(e.group), e.t);
      } else if (e.type === "arp.owner") {
        owner.set(String(e.group), e.host === null || e.host === undefined ? undefined : String(e.host));
        update(String(e.group), e.t);
      }
    },
    finish(endUs: Micros): Verdict {
      for (const [group, start] of gapSince) {
        if (endUs - start > graceUs.get(group)!) violations.push({ startUs: start, message: `${group} VIP had no owner from ${start / US_PER_S} s to the end while a member was up` });
      }
      return { checker: this.name, ok: violations.length === 0, violations };
    },
  };
}
