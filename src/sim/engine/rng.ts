// The simulation's only source of randomness: a seeded xoroshiro128+ (pure-rand). Same seed, same draws.

import prand from "pure-rand";

export class Rng {
  private readonly gen: ReturnType<typeof prand.xoroshiro128plus>;

  constructor(readonly seed: number) {
    this.gen = prand.xoroshiro128plus(seed);
  }

  /** Integer in [min, max], both included. */
  int(min: number, max: number): number {
    return prand.unsafeUniformIntDistribution(min, max, this.gen);
  }

  /** Float in [0, 1) with 2^-30 resolution. */
  float(): number {
    return this.int(0, 2 ** 30 - 1) / 2 ** 30;
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return p > 0 && (p >= 1 || this.float() < p);
  }

  pick<T>(items: readonly T[]): T {
    if (!items.length) throw new Error("pick from an empty list");
    return items[this.int(0, items.length - 1)]!;
  }
}

/**
 * A well-spread 32-bit seed from any integer (splitmix32's finaliser): xoroshiro128+ seeded with a
 * small integer starts with draws near 1.0, so streams derived from a user's seed go through this.
 */
export function mixSeed(seed: number): number {
  let z = (seed + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}
