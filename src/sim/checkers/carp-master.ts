// One CARP MASTER per vhid: two masters may overlap for up to one advertisement interval while a
// takeover settles; anything longer is split brain, reported with its start and end.

import type { ResolvedLab } from "../../model/types.js";
import type { TraceEvent } from "../engine/engine.js";
import { type Micros, US_PER_S } from "../engine/time.js";
import type { Checker, Verdict, Violation } from "./checker.js";

export function carpMasterChecker(lab: ResolvedLab): Checker {
  const masters = new Map<string, Set<string>>();
  const overlapSince = new Map<string, Micros>();
  const violations: Violation[] = [];
  // Longest advertisement interval of a group: advbase + 240/256 s (the most demoted skew).
  const allowedUs = new Map(lab.carp.map((g) => [g.name, g.advbase * US_PER_S + Math.ceil((240 / 256) * US_PER_S)]));
  const close = (group: string, endUs: Micros | undefined, hosts: string) => {
    const start = overlapSince.get(group);
    if (start === undefined) return;
    overlapSince.delete(group);
    const allowed = allowedUs.get(group) ?? US_PER_S;
    if (endUs === undefined || endUs - start > allowed) {
      violations.push({
        startUs: start, ...(endUs !== undefined ? { endUs } : {}),
        message: `split brain on ${group}: ${hosts} were MASTER at once for ${endUs === undefined ? "the rest of the run" : `${(endUs - start) / US_PER_S} s`}`,
      });
    }
  };
  let lastHosts = new Map<string, string>();
  return {
    name: "one CARP master per vhid",
    observe(e: TraceEvent) {
      if (e.type !== "carp.state") return;
      const group = String(e.group);
      const set = masters.get(group) ?? new Set<string>();
      masters.set(group, set);
      if (e.to === "MASTER") set.add(String(e.host));
      else set.delete(String(e.host));
      if (set.size > 1) {
        if (!overlapSince.has(group)) overlapSince.set(group, e.t);
        lastHosts.set(group, [...set].sort().join(" and "));
      } else {
        close(group, e.t, lastHosts.get(group) ?? "");
      }
    },
    finish(endUs: Micros): Verdict {
      for (const group of [...overlapSince.keys()]) close(group, undefined, lastHosts.get(group) ?? "");
      void endUs;
      return { checker: this.name, ok: violations.length === 0, violations };
    },
  };
}
