// `zpool status POOL` text in the layout of zpool(8): pool/state/status/action/scan lines, the config
// table (NAME STATE READ WRITE CKSUM, two spaces of indent per level, logs section) and the errors line.

import type { Micros } from "../engine/time.js";
import { leafEffectiveState, type LeafDisk, type TopVdev, type ZfsPool } from "./pool.js";
import { formatCtime } from "./snapshot-name.js";

interface Row {
  readonly depth: number;
  readonly name: string;
  readonly state: string;
  readonly errors?: { read: number; write: number; cksum: number };
  readonly note?: string;
}

/** zfs_nicenum-style sizes: 1024-based, one significant decimal, B/K/M/G/T/P. */
export function niceBytes(bytes: number): string {
  const units = ["B", "K", "M", "G", "T", "P"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  if (u === 0) return `${Math.round(v)}B`;
  return `${v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : Math.round(v)}${units[u]}`;
}

function hms(us: Micros): string {
  const total = Math.round(us / 1e6);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(Math.floor(total / 3600))}:${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
}

function leafRows(leaf: LeafDisk, index: number, depth: number): Row[] {
  const note = leaf.resilver ? "(resilvering)" : undefined;
  if (!leaf.replacing) return [{ depth, name: leaf.device, state: leaf.state, errors: leaf.errors, ...(note ? { note } : {}) }];
  return [
    { depth, name: `replacing-${index}`, state: leafEffectiveState(leaf), errors: { read: 0, write: 0, cksum: 0 } },
    { depth: depth + 1, name: `${leaf.device}/old`, state: leaf.replacing.oldState, errors: leaf.errors },
    { depth: depth + 1, name: leaf.device, state: leaf.state, errors: { read: 0, write: 0, cksum: 0 }, ...(note ? { note } : {}) },
  ];
}

function vdevRows(vdev: TopVdev): Row[] {
  const zero = { read: 0, write: 0, cksum: 0 };
  const note = vdev.state === "UNAVAIL" ? "insufficient replicas" : undefined;
  return [{ depth: 1, name: vdev.name, state: vdev.state, errors: zero, ...(note ? { note } : {}) }, ...vdev.leaves.flatMap((l, i) => leafRows(l, i, 2))];
}

/** The status/action pair zpool prints for the pool's worst condition (libzfs zpool_get_status). */
function explain(pool: ZfsPool): { status: string; action: string } | undefined {
  const leaves = pool.vdevs.flatMap((v) => v.leaves);
  if (pool.state === "UNAVAIL") {
    return {
      status: "One or more devices are faulted in response to persistent errors.  There are insufficient replicas for the pool to\n\tcontinue functioning.",
      action: "Destroy and re-create the pool from\n\ta backup source.  Manually marking the device\n\trepaired using 'zpool clear' may allow some data to be recovered.",
    };
  }
  if (pool.resilvering.length > 0) {
    return { status: "One or more devices is currently being resilvered.  The pool will\n\tcontinue to function, possibly in a degraded state.", action: "Wait for the resilver to complete." };
  }
  if (leaves.some((l) => l.state === "FAULTED")) {
    return {
      status: "One or more devices are faulted in response to persistent errors.\n\tSufficient replicas exist for the pool to continue functioning in a\n\tdegraded state.",
      action: "Replace the faulted device, or use 'zpool clear' to mark the device\n\trepaired.",
    };
  }
  if (leaves.some((l) => l.state === "REMOVED")) {
    return {
      status: "One or more devices has been removed by the administrator.\n\tSufficient replicas exist for the pool to continue functioning in a\n\tdegraded state.",
      action: "Online the device using zpool online' or replace the device with\n\t'zpool replace'.",
    };
  }
  if (leaves.some((l) => l.state === "OFFLINE")) {
    return {
      status: "One or more devices has been taken offline by the administrator.\n\tSufficient replicas exist for the pool to continue functioning in a\n\tdegraded state.",
      action: "Online the device using 'zpool online' or replace the device with\n\t'zpool replace'.",
    };
  }
  return undefined;
}

function scanLine(pool: ZfsPool, nowUs: Micros, epochMs: number): string {
  const running = pool.resilvering[0];
  if (running) {
    const { doneBytes, leftUs } = running.progress(nowUs);
    const done = running.bytes === 0 ? 1 : doneBytes / running.bytes;
    return [
      `resilver in progress since ${formatCtime(epochMs, running.startUs)}`,
      `\t${niceBytes(doneBytes)} scanned, ${niceBytes(doneBytes)} issued, ${niceBytes(running.bytes)} total`,
      // zpool prints "no estimated completion time" while the scan makes no progress
      `\t${niceBytes(doneBytes / Math.max(1, pool.vdevs[0]?.leaves.length ?? 1))} resilvered, ${(done * 100).toFixed(2)}% done, ${leftUs === undefined ? "no estimated completion time" : `${hms(leftUs)} to go`}`,
    ].join("\n");
  }
  const last = pool.lastScan;
  if (!last) return "none requested";
  return `resilvered ${niceBytes(last.bytes / Math.max(1, pool.vdevs[0]?.leaves.length ?? 1))} in ${hms(last.durationUs)} with 0 errors on ${formatCtime(epochMs, last.endUs)}`;
}

/** `zpool status` for one pool at `nowUs`; `epochMs` is the wall-clock date of simulated time 0. */
export function zpoolStatus(pool: ZfsPool, nowUs: Micros, epochMs: number): string {
  const rows: Row[] = [{ depth: 0, name: pool.name, state: pool.state, errors: { read: 0, write: 0, cksum: 0 } }];
  const data = pool.vdevs.filter((v) => !v.isLog);
  const logs = pool.vdevs.filter((v) => v.isLog);
  for (const v of data) rows.push(...vdevRows(v));
  const nameWidth = Math.max(10, ...[...rows, ...logs.flatMap(vdevRows)].map((r) => r.depth * 2 + r.name.length));
  const line = (r: Row) => {
    const e = r.errors;
    const counts = e ? ` ${String(e.read).padStart(5)} ${String(e.write).padStart(5)} ${String(e.cksum).padStart(5)}` : "";
    return `\t${" ".repeat(r.depth * 2)}${r.name.padEnd(nameWidth - r.depth * 2)}  ${r.state.padEnd(8)}${counts}${r.note ? `  ${r.note}` : ""}`;
  };
  const out = [`  pool: ${pool.name}`, ` state: ${pool.state}`];
  const why = explain(pool);
  if (why) out.push(`status: ${why.status}`, `action: ${why.action}`);
  out.push(`  scan: ${scanLine(pool, nowUs, epochMs)}`, "config:", "");
  out.push(`\t${"NAME".padEnd(nameWidth)}  ${"STATE".padEnd(8)} ${"READ".padStart(5)} ${"WRITE".padStart(5)} ${"CKSUM".padStart(5)}`);
  out.push(...rows.map(line));
  if (logs.length) {
    out.push("\tlogs");
    for (const v of logs) out.push(...vdevRows(v).map(line));
  }
  out.push("", pool.permanentErrors ? "errors: Permanent errors have been detected in the following files:" : "errors: No known data errors");
  return out.join("\n") + "\n";
}
