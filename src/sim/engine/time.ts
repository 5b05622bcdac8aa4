// Simulated time: integer microseconds. Units last in names (delayUs, advbaseS).

export type Micros = number;

export const US_PER_MS = 1_000;
export const US_PER_S = 1_000_000;

export function seconds(s: number): Micros {
  return Math.round(s * US_PER_S);
}

export function toSeconds(us: Micros): number {
  return us / US_PER_S;
}
