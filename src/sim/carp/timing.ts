// CARP's timers in microseconds, computed as the kernel does: advskew * 1000000 / 256 in integer
// arithmetic (ip_carp.c), no rounding to clock ticks.

import { type Micros, US_PER_S } from "../engine/time.js";

/** CARP_MAXSKEW: the largest effective (demoted) skew. */
export const CARP_MAXSKEW = 240;
/** advbase/advskew of the "bow out" advertisement an 8.x master sends when its carpN goes down. */
export const CARP_BOW_OUT = 255;

export function skewUs(advskew: number): Micros {
  return Math.trunc((advskew * US_PER_S) / 256);
}

/** advbase + advskew/256 seconds: a MASTER's advertisement interval, and what advertisements compare. */
export function advertIntervalUs(advbase: number, advskew: number): Micros {
  return advbase * US_PER_S + skewUs(advskew);
}

/** A BACKUP's master-down timer: 3*advbase + advskew/256 seconds (configured advskew). */
export function masterDownUs(advbase: number, advskew: number): Micros {
  return 3 * advbase * US_PER_S + skewUs(advskew);
}

/** FreeBSD 10+ DEMOTE_ADVSKEW: advskew + net.inet.carp.demotion, clamped to 0-240 (freebsd-ha.md). */
export function demotedSkew(advskew: number, demotion: number): number {
  return Math.min(CARP_MAXSKEW, Math.max(0, advskew + demotion));
}
