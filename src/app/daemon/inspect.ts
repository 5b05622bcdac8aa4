// Is a lab running here? Reads daemon.json and asks the daemon over its socket. A daemon.json whose
// socket refuses (the daemon crashed or was killed) is stale: cleanStale removes it and the socket
// file, never the session record.

import { readFileSync, rmSync } from "node:fs";
import { ConnectionError, DaemonClient } from "./client.js";
import type { LabPaths } from "./paths.js";
import type { DaemonStatus } from "./protocol.js";
import { readDaemonRecord, removeDaemonRecord, type DaemonRecord } from "./state-file.js";

export type DaemonState =
  | { readonly kind: "none" }
  /** Answering: `client` is connected (the caller closes it). */
  | { readonly kind: "running"; readonly record: DaemonRecord; readonly client: DaemonClient; readonly status: DaemonStatus }
  /** Spawned by a `lab up`, process alive, socket not listening yet. */
  | { readonly kind: "starting"; readonly record: DaemonRecord }
  | { readonly kind: "stale"; readonly record?: DaemonRecord; readonly reason: string; readonly pidAlive: boolean };

/** Does a process with this pid exist (ours or not)? An exited one its parent has not reaped yet does not count. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  return !isZombie(pid);
}

/** A daemon outlives the `lab up` that started it; once it exits it may stay a zombie until init reaps it (Linux: /proc). */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // "pid (comm) S ...": the state follows the last ")" (comm may contain spaces or parentheses).
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) === "Z";
  } catch {
    return false;
  }
}

export async function inspectDaemon(paths: LabPaths, timeoutMs = 2000): Promise<DaemonState> {
  const read = readDaemonRecord(paths.daemonFile);
  if (read.kind === "none") return { kind: "none" };
  if (read.kind === "corrupt") return { kind: "stale", reason: `${paths.daemonFile} is unreadable (${read.reason})`, pidAlive: false };
  const record = read.record;
  let client: DaemonClient | undefined;
  try {
    client = await DaemonClient.connect(record.socket, timeoutMs);
    const status = await withTimeout(client.request("ping"), timeoutMs);
    return { kind: "running", record, client, status };
  } catch (e) {
    client?.close();
    const alive = processAlive(record.pid);
    if (alive && record.phase === "starting") return { kind: "starting", record };
    const why = e instanceof ConnectionError ? e.code ?? e.message : (e as Error).message;
    const reason = alive
      ? `process ${record.pid} exists but does not answer on ${record.socket} (${why})`
      : `the lab daemon (pid ${record.pid}) is not running: it died or was killed`;
    return { kind: "stale", record, reason, pidAlive: alive };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new ConnectionError(`no answer within ${ms} ms`, "ETIMEDOUT")), ms);
    promise.then((v) => {
      clearTimeout(timer);
      resolve(v);
    }, (e: unknown) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Removes a dead daemon's daemon.json and socket file (the session record and log stay). */
export function cleanStale(paths: LabPaths, record?: DaemonRecord): void {
  removeDaemonRecord(paths.daemonFile);
  rmSync(record?.socket ?? paths.socket, { force: true });
}

/** Waits until process `pid` is gone; false when it is still there after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs = 5000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
