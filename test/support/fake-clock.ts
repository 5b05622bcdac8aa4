// A wall clock for tests of paced simulation: time moves only when the test advances it, and the
// timers due on the way run in time order.
import type { WallClock } from "../../src/sim/engine/paced-driver.js";

export function fakeClock(): { clock: WallClock; advance: (ms: number) => void } {
  let now = 0;
  let timers: { at: number; run: () => void; cleared: boolean }[] = [];
  const clock: WallClock = {
    nowMs: () => now,
    setTimeout: (run, ms) => {
      const t = { at: now + ms, run, cleared: false };
      timers.push(t);
      return { clear: () => void (t.cleared = true) };
    },
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      timers = timers.filter((t) => !t.cleared);
      const next = timers.filter((t) => t.at <= end).sort((x, y) => x.at - y.at)[0];
      if (!next) break;
      now = next.at;
      next.cleared = true;
      next.run();
    }
    now = end;
  };
  return { clock, advance };
}
