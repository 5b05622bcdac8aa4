// Service-time distributions for request handlers (Zope): exponential or lognormal with a given mean.

import type { Rng } from "../engine/rng.js";
import { US_PER_MS, type Micros } from "../engine/time.js";

/**
 * exponential: coefficient of variation 1 (the M/M/c textbook case).
 * lognormal: ln(X) ~ N(mu, sigma²) with mu = ln(mean) - sigma²/2, so E[X] = mean; sigma 0.5 gives
 * a coefficient of variation of sqrt(e^(sigma²) - 1) ≈ 0.53 (page renders with a long right tail).
 */
export type ServiceTimeModel =
  | { readonly kind: "exponential"; readonly meanMs: number }
  | { readonly kind: "lognormal"; readonly meanMs: number; readonly sigma: number };

/** Draws one service time in whole microseconds (at least 1). */
export function sampleServiceTimeUs(rng: Rng, model: ServiceTimeModel): Micros {
  const meanUs = model.meanMs * US_PER_MS;
  const drawn = model.kind === "exponential" ? -Math.log(1 - rng.float()) * meanUs : sampleLognormal(rng, meanUs, model.sigma);
  return Math.max(1, Math.round(drawn));
}

function sampleLognormal(rng: Rng, mean: number, sigma: number): number {
  const mu = Math.log(mean) - (sigma * sigma) / 2;
  return Math.exp(mu + sigma * sampleStandardNormal(rng));
}

// Box-Muller; 1 - float() is in (0, 1] so the log is finite.
function sampleStandardNormal(rng: Rng): number {
  const u1 = 1 - rng.float();
  const u2 = rng.float();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
