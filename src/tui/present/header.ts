// The top line (lab, release, simulated clock, speed or paused, overall health, the availability
// badge) and the bottom line's message form (the lab's last answer, shown instead of the key bar).

import type { ClusterView } from "../../sim/view.js";
import { seg, type Line } from "../text/line.js";
import { clockOf } from "./time.js";
import { availabilityBadge } from "./traffic.js";

export interface SpeedShown {
  readonly speed: number;
  readonly paused: boolean;
  /** Measured from the clock's progress rather than told by the lab. */
  readonly measured?: boolean;
}

export function speedText(speed: SpeedShown | undefined): string {
  if (speed === undefined) return "speed ?";
  if (speed.paused) return "PAUSED";
  const rounded = Math.round(speed.speed * 10) / 10;
  const value = rounded >= 10 || !speed.measured ? String(Math.round(rounded)) : rounded.toFixed(1);
  return `${speed.measured ? "~" : ""}${value}x`;
}

export function headerLine(view: ClusterView, speed: SpeedShown | undefined, title: string): Line {
  return [
    seg(` ${title} `, { bold: true, inverse: true }),
    seg(` ${view.lab} ${view.release} `),
    seg(clockOf(view.timeS), { bold: true }),
    seg(" "),
    seg(speedText(speed), { fg: speed?.paused ? "yellow" : "cyan", bold: true }),
    seg(" "),
    seg(view.healthy ? " HEALTHY " : " DEGRADED ", { fg: view.healthy ? "green" : "red", bold: true, inverse: !view.healthy }),
    seg(" "),
    ...availabilityBadge(view.traffic),
  ];
}

export function messageLine(message: { readonly text: string; readonly ok: boolean }): Line {
  return [seg(message.ok ? " ok " : " refused ", { fg: message.ok ? "green" : "red", bold: true, inverse: true }), seg(" "), seg(message.text, { fg: message.ok ? "green" : "red", bold: true })];
}
