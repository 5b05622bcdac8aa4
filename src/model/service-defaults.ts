// Default ports and settings of each service, the values the generators write into the configs and
// the simulator uses. Timer defaults follow ../shared/reference/freebsd-ha.md ("Health checks").

import type { ServiceKind } from "./types.js";

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const DEFAULT_PORTS: Readonly<Record<ServiceKind, readonly number[]>> = {
  nginx: [80, 443],
  varnish: [3180],
  haproxy: [3380],
  zope: range(8080, 8088),
  solr: [6080],
  mysql: [3306],
  // rpcbind, nfsd, and mountd pinned with `mountd_flags="-r -p 4046"` so PF can pass it.
  nfs: [111, 2049, 4046],
  iscsi: [3260],
  ifstated: [],
  pf: [],
  pfsync: [],
};

export const NGINX_DEFAULTS = { maxFails: 1, failTimeoutS: 10 } as const;
export const VARNISH_DEFAULTS = { storageMiB: 512, graceS: 3600, probe: { intervalS: 5, timeoutS: 2, window: 8, threshold: 3 } } as const;
export const HAPROXY_DEFAULTS = { check: { interMs: 2000, rise: 2, fall: 3 }, cookie: "SERVERID", redispatch: true, maxconnPerServer: 2 } as const;
export const ZOPE_DEFAULTS = { threads: 2, serviceTimeMs: 400 } as const;
export const SOLR_DEFAULTS = { heapMiB: 512 } as const;
export const MYSQL_DEFAULTS = { bufferPoolMiB: 512, semiSyncTimeoutMs: 10000, replicationUser: "repl" } as const;

export const ROLE_DEFAULTS = {
  proxy: { cpus: 2, memoryMiB: 1024 },
  app: { cpus: 2, memoryMiB: 2048 },
  db: { cpus: 2, memoryMiB: 2048 },
  storage: { cpus: 2, memoryMiB: 2048 },
} as const;

export const OS_DISK_DEFAULT = { kind: "ssd", sizeGiB: 20 } as const;

export const REQUIREMENTS_DEFAULTS = {
  uptimePercent: 99.9,
  pageLoadS: { min: 5, max: 10 },
  registrationS: { min: 15, max: 20 },
  registeredUsers: { min: 5000, max: 50000 },
} as const;

// A quiet night, a morning ramp, a lunchtime and an evening peak: relative load per hour.
export const DAILY_CURVE = [
  0.15, 0.1, 0.08, 0.07, 0.08, 0.12, 0.25, 0.45, 0.7, 0.85, 0.9, 0.95,
  1.0, 0.95, 0.9, 0.85, 0.8, 0.75, 0.8, 0.9, 0.85, 0.6, 0.4, 0.25,
] as const;

export const TRAFFIC_DEFAULTS = {
  peakSessionsPerS: 2,
  pageViewsPerSession: 6,
  registrationsPerHour: 20,
  cacheHitRatio: 0.8,
} as const;
