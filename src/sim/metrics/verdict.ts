// The verdict against the talk's requirements: availability, pages' and registrations' p95 latency.

import type { ResolvedRequirements } from "../../model/types.js";
import { toSeconds } from "../engine/time.js";
import type { QuantileSource } from "./latency-histogram.js";
import type { MetricsView } from "./request-metrics.js";

/** "no-data": nothing was measured (e.g. no registration in a short run); it does not fail the run. */
export type CheckStatus = "pass" | "fail" | "no-data";

export interface RequirementCheck {
  readonly name: "availability" | "page-load" | "registration";
  readonly status: CheckStatus;
  /** availability in percent, latencies as p95 seconds; undefined with no data. */
  readonly measured: number | undefined;
  /** The limit: minimum percent for availability, maximum seconds for latencies. */
  readonly limit: number;
  readonly unit: "%" | "s";
  readonly samples: number;
}

export interface Verdict {
  readonly pass: boolean;
  readonly checks: readonly RequirementCheck[];
}

/**
 * availability = successful / total >= uptimePercent; p95 of successful pages <= pageLoadS.max and of
 * successful registrations <= registrationS.max (the range's min is the talk's target, faster is fine).
 */
export function verdict(requirements: ResolvedRequirements, metrics: MetricsView): Verdict {
  const availability = metrics.total === 0 ? undefined : (100 * metrics.successful) / metrics.total;
  const checks: RequirementCheck[] = [
    {
      name: "availability",
      status: statusOf(availability, (v) => v >= requirements.uptimePercent),
      measured: availability,
      limit: requirements.uptimePercent,
      unit: "%",
      samples: metrics.total,
    },
    checkP95("page-load", metrics.pageLatency, requirements.pageLoadS.max),
    checkP95("registration", metrics.registrationLatency, requirements.registrationS.max),
  ];
  return { pass: checks.every((c) => c.status !== "fail"), checks };
}

function checkP95(name: RequirementCheck["name"], latency: QuantileSource, maxS: number): RequirementCheck {
  const p95Us = latency.quantile(0.95);
  const measured = p95Us === undefined ? undefined : toSeconds(p95Us);
  return { name, status: statusOf(measured, (v) => v <= maxS), measured, limit: maxS, unit: "s", samples: latency.count };
}

function statusOf(measured: number | undefined, ok: (v: number) => boolean): CheckStatus {
  if (measured === undefined) return "no-data";
  return ok(measured) ? "pass" : "fail";
}
