// Times and delays as people write them ("30s", "1.5s", "500ms", "2m", "1h", "1m30s", plain seconds),
// converted exactly (no floating point) to integer microseconds, and the canonical spelling back.

export type TimeResult = { readonly ok: true; readonly us: number } | { readonly ok: false; readonly message: string; readonly hint: string };

const UNIT_US = { h: 3_600_000_000n, m: 60_000_000n, s: 1_000_000n, ms: 1_000n, us: 1n } as const;
export type Unit = keyof typeof UNIT_US;
const UNIT_ORDER: readonly Unit[] = ["h", "m", "s", "ms", "us"];
const TERM = /(\d+)(?:\.(\d+))?(ms|us|h|m|s)/y;
const PLAIN = /^(\d+)(?:\.(\d+))?$/;

export const TIME_HINT = "write a time as 30s, 1.5s, 500ms, 2m, 1h, 1m30s or plain seconds";

/** Exact microseconds of `whole.fraction` units, or undefined when finer than a microsecond. */
function termUs(whole: string, fraction: string, unitUs: bigint): bigint | undefined {
  const scale = 10n ** BigInt(fraction.length);
  const numerator = (BigInt(whole) * scale + BigInt(fraction || "0")) * unitUs;
  return numerator % scale === 0n ? numerator / scale : undefined;
}

function finish(totalUs: bigint, text: string, what: string, hint: string): TimeResult {
  if (totalUs > BigInt(Number.MAX_SAFE_INTEGER)) return { ok: false, message: `${what} "${text}" is too large`, hint };
  return { ok: true, us: Number(totalUs) };
}

export interface DurationOptions {
  /** What the duration is, for messages: "time", "delay". */
  readonly what?: string;
  /** Unit of a bare number (seconds for fault times); null when a unit is required. */
  readonly plainUnit?: Unit | null;
  readonly hint?: string;
}

/** Parses a duration; units largest first, each at most once ("1h30m", "1m0.5s"). */
export function parseDurationUs(text: string, options: DurationOptions = {}): TimeResult {
  const { what = "time", plainUnit = "s", hint = TIME_HINT } = options;
  const plain = PLAIN.exec(text);
  if (plain) {
    if (!plainUnit) return { ok: false, message: `${what} "${text}" needs a unit`, hint };
    const us = termUs(plain[1]!, plain[2] ?? "", UNIT_US[plainUnit]);
    return us === undefined ? { ok: false, message: `${what} "${text}" is finer than a microsecond`, hint } : finish(us, text, what, hint);
  }
  let total = 0n;
  let lastRank = -1;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < text.length) {
    const start = TERM.lastIndex;
    const m = TERM.exec(text);
    if (!m || m.index !== start) return { ok: false, message: `bad ${what} "${text}"`, hint };
    const unit = m[3] as Unit;
    const rank = UNIT_ORDER.indexOf(unit);
    if (rank <= lastRank) return { ok: false, message: `units out of order in ${what} "${text}"`, hint: "largest unit first, each once: 1h30m, 1m30s, 2s500ms" };
    lastRank = rank;
    const us = termUs(m[1]!, m[2] ?? "", UNIT_US[unit]);
    if (us === undefined) return { ok: false, message: `${what} "${text}" is finer than a microsecond`, hint };
    total += us;
  }
  if (lastRank < 0) return { ok: false, message: `bad ${what} "${text}"`, hint };
  return finish(total, text, what, hint);
}

/** `whole` with up to `digits` decimals of `fraction`, trailing zeros dropped: (1, 500, 3) -> "1.5". */
function decimal(whole: number, fraction: number, digits: number): string {
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(digits, "0").replace(/0+$/, "")}`;
}

/** Canonical spelling: "0s", "500ms", "250us", "1.5s", "1m30s", "1h0.25s". */
export function formatTimeUs(us: number): string {
  const hours = Math.floor(us / 3_600_000_000);
  const minutes = Math.floor((us % 3_600_000_000) / 60_000_000);
  const restUs = us % 60_000_000;
  if (hours === 0 && minutes === 0 && restUs < 1_000_000 && restUs > 0) {
    return restUs % 1000 === 0 ? `${restUs / 1000}ms` : `${restUs}us`;
  }
  const parts = [hours ? `${hours}h` : "", minutes ? `${minutes}m` : ""];
  if (restUs || (!hours && !minutes)) parts.push(`${decimal(Math.floor(restUs / 1_000_000), restUs % 1_000_000, 6)}s`);
  return parts.join("");
}

/** A delay in milliseconds, exact to the microsecond: 200 -> "200ms", 0.25 -> "0.25ms". */
export function formatDelayMs(delayMs: number): string {
  const us = Math.round(delayMs * 1000);
  return `${decimal(Math.floor(us / 1000), us % 1000, 3)}ms`;
}
