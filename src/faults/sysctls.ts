// The sysctls a fault may write, per release, with their ranges and FreeBSD defaults (carp(4),
// pfsync(4); 8.1 from its ip_carp.c). net.inet.carp.demotion is additive: a write adds to it.

import type { Release } from "../model/types.js";

export interface SysctlInfo {
  readonly name: string;
  readonly releases: readonly Release[];
  readonly min: number;
  readonly max: number;
  /** The kernel's default before sysctl.conf. */
  readonly defaultValue: number;
  /** Writing adds the value to the current one instead of replacing it. */
  readonly additive: boolean;
  /** The kernel module that provides it, present only on hosts that use it. */
  readonly module: "carp" | "pfsync";
}

const BOTH: readonly Release[] = ["14.2", "8.1"];
const MODERN: readonly Release[] = ["14.2"];

/** A lab limit on one demotion write, far beyond what FreeBSD itself adds (240 per cause). */
export const DEMOTION_LIMIT = 1000;

export const KNOWN_SYSCTLS: readonly SysctlInfo[] = [
  { name: "net.inet.carp.allow", releases: BOTH, min: 0, max: 1, defaultValue: 1, additive: false, module: "carp" },
  { name: "net.inet.carp.preempt", releases: BOTH, min: 0, max: 1, defaultValue: 0, additive: false, module: "carp" },
  { name: "net.inet.carp.log", releases: BOTH, min: 0, max: 2, defaultValue: 1, additive: false, module: "carp" },
  { name: "net.inet.carp.arpbalance", releases: ["8.1"], min: 0, max: 1, defaultValue: 0, additive: false, module: "carp" },
  { name: "net.inet.carp.dscp", releases: MODERN, min: 0, max: 63, defaultValue: 56, additive: false, module: "carp" },
  { name: "net.inet.carp.demotion", releases: MODERN, min: -DEMOTION_LIMIT, max: DEMOTION_LIMIT, defaultValue: 0, additive: true, module: "carp" },
  { name: "net.inet.carp.ifdown_demotion_factor", releases: MODERN, min: 0, max: 240, defaultValue: 240, additive: false, module: "carp" },
  { name: "net.inet.carp.senderr_demotion_factor", releases: MODERN, min: 0, max: 240, defaultValue: 240, additive: false, module: "carp" },
  { name: "net.pfsync.carp_demotion_factor", releases: MODERN, min: 0, max: 240, defaultValue: 240, additive: false, module: "pfsync" },
];

export function sysctlsFor(release: Release): readonly SysctlInfo[] {
  return KNOWN_SYSCTLS.filter((s) => s.releases.includes(release));
}

/** The entry for a name in any release. */
export function findSysctl(name: string): SysctlInfo | undefined {
  return KNOWN_SYSCTLS.find((s) => s.name === name);
}

export function isAdditiveSysctl(name: string): boolean {
  return findSysctl(name)?.additive ?? false;
}
