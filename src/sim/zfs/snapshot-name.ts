// zfSnap/zfsnap snapshot names and dates: `tank/solr@2011-05-10_14.35.00--1h` from a fixed epoch date
// plus simulated time (deterministic: no wall clock), and ctime(3)-style dates for `zpool status`.

import { zfsnapTtl } from "../../generate/storage/schedule.js";
import type { Micros } from "../engine/time.js";

/** Simulated time 0 by default: the day of the talk, 2011-05-10 00:00:00 UTC. */
export const DEFAULT_EPOCH_MS = Date.UTC(2011, 4, 10, 0, 0, 0);

/** zfSnap/zfsnap TTL for a retention, spelled exactly as the generated cron jobs pass it (1h, 1d, 1w). */
export const ttlLabel = zfsnapTtl;

function dateAt(epochMs: number, tUs: Micros): Date {
  return new Date(epochMs + Math.floor(tUs / 1000));
}

/** `2011-05-10_14.35.00` (zfSnap's date format, UTC here). */
export function zfsnapStamp(epochMs: number, tUs: Micros): string {
  const d = dateAt(epochMs, tUs);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}_${two(d.getUTCHours())}.${two(d.getUTCMinutes())}.${two(d.getUTCSeconds())}`;
}

export function snapshotName(dataset: string, epochMs: number, tUs: Micros, keepS: number): string {
  return `${dataset}@${zfsnapStamp(epochMs, tUs)}--${ttlLabel(keepS)}`;
}

/** ctime(3) layout as zpool prints dates: `Tue May 10 14:35:00 2011`. */
export function formatCtime(epochMs: number, tUs: Micros): string {
  const d = dateAt(epochMs, tUs);
  const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
  const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${time} ${d.getUTCFullYear()}`;
}
