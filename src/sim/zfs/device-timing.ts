// Service times of the lab's disk kinds, from datasheet figures of the talk's era: what one I/O costs
// a 7200 rpm hard disk and a SATA SSD used as a separate ZIL (SLOG).

import type { DiskKind } from "../../model/types.js";
import type { Micros } from "../engine/time.js";

export interface DeviceTiming {
  /** Positioning before the first byte moves (seek + rotation for a disk, controller latency for an SSD). */
  readonly accessUs: Micros;
  /** Sustained transfer rate once positioned. */
  readonly rateBytesPerS: number;
}

/** 7200 rpm 1 TB disk: 8.5 ms average seek + 4.17 ms average rotational latency (half a turn), ~130 MB/s sustained. */
export const HDD_TIMING: DeviceTiming = { accessUs: 12_670, rateBytesPerS: 130e6 };

/** SATA SLC SSD of 2011 (Intel X25-E class): ~0.1 ms write latency, ~170 MB/s sequential writes. */
export const SSD_TIMING: DeviceTiming = { accessUs: 100, rateBytesPerS: 170e6 };

export function timingOf(kind: DiskKind): DeviceTiming {
  return kind === "ssd" ? SSD_TIMING : HDD_TIMING;
}
