// When each rc stage runs after power-on: the kernel boots for most of the boot time, then rc brings
// up the network (NICs, LAGGs, CARP addresses: INIT -> BACKUP), loads pf, starts pfsync (bulk update,
// CARP demotion), starts the services and finally ifstated; the host is "running" when ifstated runs.

import { type Micros, US_PER_S } from "../engine/time.js";

/** A small FreeBSD VM from power on to its last rc script (CARP converges 1 s later: network + 3 s). */
export const DEFAULT_BOOT_TIME_US: Micros = 20 * US_PER_S;

export interface RcTimings {
  readonly networkUs: Micros;
  readonly pfUs: Micros;
  readonly pfsyncUs: Micros;
  readonly servicesStartUs: Micros;
  readonly servicesRunningUs: Micros;
  readonly ifstatedUs: Micros;
}

/** Offsets of the rc stages before the end of the boot (seconds); scaled down for very short boots. */
const TAIL_S = { network: 2, pf: 1.995, pfsync: 1.99, servicesStart: 1.8, servicesRunning: 0.8 } as const;

export function rcTimings(bootTimeUs: Micros = DEFAULT_BOOT_TIME_US): RcTimings {
  if (!Number.isInteger(bootTimeUs) || bootTimeUs < 0) throw new RangeError(`boot time must be whole microseconds >= 0, got ${bootTimeUs}`);
  const scale = Math.min(1, bootTimeUs / (TAIL_S.network * US_PER_S));
  const at = (tailS: number) => bootTimeUs - Math.round(tailS * US_PER_S * scale);
  return {
    networkUs: at(TAIL_S.network),
    pfUs: at(TAIL_S.pf),
    pfsyncUs: at(TAIL_S.pfsync),
    servicesStartUs: at(TAIL_S.servicesStart),
    servicesRunningUs: at(TAIL_S.servicesRunning),
    ifstatedUs: bootTimeUs,
  };
}
