// Time spellings for the snapshot machinery: cron schedules from intervals and zfsnap TTLs from
// retention periods (zfsnap's "m" is months, "M" minutes; the model's "m" is minutes).

/** zfSnap/zfsnap TTL for a retention in seconds: 3600 -> "1h", 86400 -> "1d", 604800 -> "1w", 300 -> "5M". */
export function zfsnapTtl(seconds: number): string {
  const units: readonly (readonly [string, number])[] = [["w", 604800], ["d", 86400], ["h", 3600], ["M", 60]];
  for (const [unit, size] of units) {
    if (seconds >= size && seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${Math.max(1, Math.round(seconds))}s`;
}

export interface CronTime {
  /** The five time fields, tab separated. */
  readonly fields: string;
  /** Set when cron cannot express the interval exactly. */
  readonly note?: string;
}

/**
 * Cron time fields for "every `everyS` seconds", starting `offsetMin` minutes past the hour (so that
 * replication runs after the snapshot it ships). Cron steps restart every hour/day, so intervals that
 * do not divide an hour or a day are approximated and say so.
 */
export function cronEvery(everyS: number, offsetMin = 0): CronTime {
  const minutes = Math.max(1, Math.round(everyS / 60));
  const note = minutes * 60 !== everyS ? `every ${everyS}s rounded to ${minutes} min (cron resolution)` : undefined;
  const withNote = (fields: string, extra?: string): CronTime => {
    const text = [note, extra].filter(Boolean).join("; ");
    return text ? { fields, note: text } : { fields };
  };
  if (minutes < 60) {
    const start = offsetMin % minutes;
    const minuteField = minutes === 1 ? "*" : start === 0 ? `*/${minutes}` : `${start}-59/${minutes}`;
    return withNote(`${minuteField}\t*\t*\t*\t*`, 60 % minutes === 0 ? undefined : `cron restarts */${minutes} every hour`);
  }
  const minute = String(offsetMin % 60);
  if (minutes % 60 === 0 && minutes < 1440) {
    const hours = minutes / 60;
    return withNote(`${minute}\t${hours === 1 ? "*" : `*/${hours}`}\t*\t*\t*`, 24 % hours === 0 ? undefined : `cron restarts */${hours} every day`);
  }
  if (minutes === 10080) return withNote(`${minute}\t0\t*\t*\t0`);
  const days = Math.max(1, Math.round(minutes / 1440));
  const exact = days * 1440 === minutes;
  return withNote(`${minute}\t0\t${days === 1 ? "*" : `*/${days}`}\t*\t*`, exact ? undefined : `every ${minutes} min rounded to ${days} day(s)`);
}
