// Simulated time as the console prints it: a clock ("2:05:09") for the header and the log, an age
// ("4m12s") for RPOs and timers.

/** Whole seconds as H:MM:SS. */
export function clockOf(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, "0")}:${String(s % 60).padStart(2, "0")}`;
}

/** Seconds as the two largest units: 42s, 4m12s, 2h05m, 3d04h. */
export function ageOf(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
  return `${Math.floor(s / 86400)}d${String(Math.floor((s % 86400) / 3600)).padStart(2, "0")}h`;
}

/** Simulated seconds with milliseconds, for the event log: "512.301". */
export function stampOf(seconds: number): string {
  return seconds.toFixed(3);
}
