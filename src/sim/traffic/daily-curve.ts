// The daily curve: relative load per hour of day, normalised so the busiest hour is 1.

import { US_PER_S, type Micros } from "../engine/time.js";

export const US_PER_HOUR = 3600 * US_PER_S;

/** The curve scaled so its maximum is 1 (all zeros stays all zeros). */
export function normalizeCurve(curve: readonly number[]): number[] {
  if (curve.length !== 24) throw new Error(`daily curve needs 24 hourly values, got ${curve.length}`);
  const peak = Math.max(...curve);
  return curve.map((v) => (peak > 0 ? v / peak : 0));
}

/** Hour of day (0-23) at simulated time `timeUs` when the simulation starts at `startHour`. */
export function hourOfDay(timeUs: Micros, startHour: number): number {
  const h = Math.floor(startHour + timeUs / US_PER_HOUR) % 24;
  return h < 0 ? h + 24 : h;
}
