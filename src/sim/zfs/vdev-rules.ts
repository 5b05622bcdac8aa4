// The state rules of ZFS vdevs: a top-level vdev's and the pool's state from its children's, as
// OpenZFS module/zfs/vdev.c (vdev_propagate_state), vdev_raidz.c and vdev_mirror.c compute them.

export type VdevState = "ONLINE" | "DEGRADED" | "FAULTED" | "OFFLINE" | "UNAVAIL" | "REMOVED";

/** A child that cannot be read counts as "faulted" for its parent (vdev_readable() is false). */
export function isUnreadable(state: VdevState): boolean {
  return state === "FAULTED" || state === "OFFLINE" || state === "UNAVAIL" || state === "REMOVED";
}

/** Counts of a parent's children, split as vdev_propagate_state() does. */
export interface ChildCounts {
  readonly faulted: number;
  readonly degraded: number;
}

export function countChildren(states: readonly VdevState[]): ChildCounts {
  let faulted = 0;
  let degraded = 0;
  for (const s of states) {
    if (isUnreadable(s)) faulted++;
    else if (s === "DEGRADED") degraded++;
  }
  return { faulted, degraded };
}

/**
 * vdev_raidz_state_change(): more unreadable children than parity -> CANT_OPEN with
 * VDEV_AUX_NO_REPLICAS, which zpool prints as UNAVAIL ("insufficient replicas"); any unreadable or
 * degraded child -> DEGRADED. A mirror is the same with parity = children - 1
 * (vdev_mirror_state_change(): all children unreadable -> UNAVAIL).
 */
export function redundantVdevState(parity: number, children: readonly VdevState[]): VdevState {
  const { faulted, degraded } = countChildren(children);
  if (faulted > parity) return "UNAVAIL";
  if (faulted + degraded > 0) return "DEGRADED";
  return "ONLINE";
}

/** Parity of a top-level vdev: raidzN tolerates N lost children, a mirror all but one. */
export function parityOf(type: string, width: number): number {
  const raidz = /^raidz([123])?$/.exec(type);
  if (raidz) return Number(raidz[1] ?? "1");
  if (type === "mirror") return width - 1;
  return 0;
}

/**
 * vdev_root_state_change() with the "root special" of vdev_propagate_state(): an unreadable
 * top-level *log* vdev counts as degraded, not faulted, so losing both log SSDs leaves the pool
 * DEGRADED (the ZIL falls back to the main pool vdevs); any unreadable data vdev makes the pool
 * UNAVAIL (zpool_state_to_name(): CANT_OPEN without corrupt-data aux -> "UNAVAIL").
 */
export function poolState(data: readonly VdevState[], logs: readonly VdevState[]): VdevState {
  const d = countChildren(data);
  const l = countChildren(logs);
  if (d.faulted > 0) return "UNAVAIL";
  if (d.degraded + l.faulted + l.degraded > 0) return "DEGRADED";
  return "ONLINE";
}
