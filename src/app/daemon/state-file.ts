// daemon.json: what a running (or starting) lab daemon left for the other commands to find it.
// `lab up` writes it exclusively right after spawning the daemon (two concurrent `lab up` cannot both
// start one); the daemon rewrites it once its socket listens and removes it when it stops.

import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { BackendKind } from "../../backends/index.js";

export interface DaemonRecord {
  readonly version: 1;
  readonly pid: number;
  readonly socket: string;
  readonly seed: number;
  readonly backend: BackendKind;
  readonly release: string;
  readonly lab: {
    /** Absolute path of the lab file; null for the built-in reference lab. */
    readonly file: string | null;
    readonly display: string;
    readonly name: string;
    readonly hash: string;
  };
  /** Wall-clock start, ISO 8601 (for people; nothing computes with it). */
  readonly started: string;
  /** "starting": spawned, socket not listening yet; "listening": answering on the socket. */
  readonly phase: "starting" | "listening";
}

export type ReadRecord = { readonly kind: "none" } | { readonly kind: "corrupt"; readonly reason: string } | { readonly kind: "ok"; readonly record: DaemonRecord };

function isRecord(v: unknown): v is DaemonRecord {
  const r = v as DaemonRecord;
  return !!r && typeof r === "object" && r.version === 1 && Number.isSafeInteger(r.pid) && r.pid > 0
    && typeof r.socket === "string" && Number.isSafeInteger(r.seed) && typeof r.backend === "string"
    && typeof r.release === "string" && typeof r.started === "string" && (r.phase === "starting" || r.phase === "listening")
    && !!r.lab && typeof r.lab === "object" && (r.lab.file === null || typeof r.lab.file === "string")
    && typeof r.lab.display === "string" && typeof r.lab.name === "string" && typeof r.lab.hash === "string";
}

export function readDaemonRecord(path: string): ReadRecord {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { kind: "none" };
    return { kind: "corrupt", reason: (e as Error).message };
  }
  try {
    const value: unknown = JSON.parse(text);
    return isRecord(value) ? { kind: "ok", record: value } : { kind: "corrupt", reason: "not a daemon record" };
  } catch (e) {
    return { kind: "corrupt", reason: (e as Error).message };
  }
}

/** Creates daemon.json; with `exclusive`, fails with EEXIST when one is already there. */
export function writeDaemonRecord(path: string, record: DaemonRecord, options: { exclusive: boolean }): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const text = JSON.stringify(record, null, 2) + "\n";
  if (options.exclusive) {
    writeFileSync(path, text, { flag: "wx", mode: 0o600 });
    return;
  }
  // Readers never see half a file: write aside, then rename over.
  writeFileSync(`${path}.tmp`, text, { mode: 0o600 });
  renameSync(`${path}.tmp`, path);
}

export function removeDaemonRecord(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.tmp`, { force: true });
}
