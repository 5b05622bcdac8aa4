// Questions the storage jobs ask before they act: does ssh get through to the other storage host, and
// can a pool take writes, snapshots or a receive now.

import type { World } from "../world/world.js";
import type { ZfsPool } from "../zfs/index.js";

export const SSH_PORT = 22;

/** sshd runs on every host (rc.conf sshd_enable); the world models no sshd, so a refusal by a booted host counts as its answer. */
export function sshAnswers(world: World, from: string, toHost: string, toAddress: string): boolean {
  const r = world.probe(from, toAddress, SSH_PORT);
  return r.ok || (r.reason.startsWith("connection refused") && r.host === toHost && world.host(toHost).state === "running");
}

/** Why the pool cannot take writes, snapshots or a receive now, if it cannot. */
export function poolProblem(pool: ZfsPool): string | undefined {
  if (!pool.imported) return `pool ${pool.name} is not imported on ${pool.host}`;
  if (pool.state === "UNAVAIL") return `pool ${pool.name} I/O is currently suspended (${pool.state})`;
  if (pool.full) return "out of space";
  return undefined;
}
