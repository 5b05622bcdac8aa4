// Durations written the way admins write them in cron and zfSnap TTLs: "30s", "5m", "1h", "1d", "1w".

const UNIT_S: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

export const DURATION_PATTERN = "^[1-9][0-9]{0,5}(s|m|h|d|w)$";

/** Seconds in a duration string, or undefined when it does not match DURATION_PATTERN. */
export function parseDurationS(text: string): number | undefined {
  const m = /^([1-9][0-9]{0,5})(s|m|h|d|w)$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * UNIT_S[m[2]!]!;
}

/** The shortest exact spelling of a number of seconds ("300" -> "5m"). */
export function formatDurationS(seconds: number): string {
  for (const unit of ["w", "d", "h", "m"] as const) {
    const size = UNIT_S[unit]!;
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}
