// The real wall clock the simulator is paced to (src/sim never reads one itself). A tick that throws
// goes to `onError` instead of crashing the process from inside a timer.

import { performance } from "node:perf_hooks";
import type { WallClock } from "../../sim/engine/paced-driver.js";

export function systemWallClock(onError: (error: unknown) => void): WallClock {
  return {
    nowMs: () => performance.now(),
    setTimeout: (run, ms) => {
      const handle = setTimeout(() => {
        try {
          run();
        } catch (e) {
          onError(e);
        }
      }, ms);
      return { clear: () => clearTimeout(handle) };
    },
  };
}
