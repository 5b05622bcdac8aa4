// `lab replay`: re-runs a recorded session headless: the same lab (refused when its hash differs),
// the same seed, each command at its recorded point (simulated time and event count), to the record's
// end. The trace hash it reaches must equal the one the daemon recorded; every line's hash is checked
// on the way, so a divergence is reported where it starts.

import { existsSync } from "node:fs";
import { relative, resolve as resolvePath } from "node:path";
import { DivergenceError, SimBackend } from "../../backends/index.js";
import { parseFaultWithoutTime } from "../../faults/index.js";
import type { Release } from "../../model/types.js";
import type { SimSummary } from "../../sim/summary.js";
import { EXIT, LabError } from "../errors.js";
import { labIdentity } from "./lab-identity.js";
import { openLabRef } from "./open-lab-ref.js";
import { readSession, type SessionRecord } from "./read.js";
import type { SessionLine } from "./record.js";

export interface ReplayOptions {
  readonly cwd: string;
  /** The lab file to use instead of the one the record names. */
  readonly lab?: string;
}

export interface ReplayResult {
  readonly record: SessionRecord;
  readonly labHash: string;
  readonly tUs: number;
  readonly events: number;
  readonly traceHash: string;
  /** The hash the record's last line carries (the daemon's at `down`). */
  readonly recordedHash?: string;
  readonly endedByDown: boolean;
  readonly summary: SimSummary;
}

function labFileFor(record: SessionRecord, options: ReplayOptions, display: string): string | null {
  if (options.lab !== undefined) return resolvePath(options.cwd, options.lab);
  const file = record.header.lab.file;
  if (file !== null && !existsSync(file)) {
    throw new LabError(`${display}: the lab it was recorded with, ${file}, is not here`, EXIT.io,
      `pass the lab file with --lab FILE (its hash must be ${record.header.lab.hash})`);
  }
  return file;
}

function apply(backend: SimBackend, line: SessionLine, where: string): Promise<unknown> | undefined {
  switch (line.op) {
    case "fault":
    case "heal": {
      const parsed = parseFaultWithoutTime(line.fault);
      if (!parsed.ok) throw new LabError(`${where}: fault "${line.fault}": ${parsed.error.message}`, EXIT.io, parsed.error.hint);
      // The record holds what was applied (a heal's inverse already worked out): inject it as is.
      backend.inject(parsed.value);
      return undefined;
    }
    case "exec":
      return backend.exec(line.host, line.command);
    case "up":
    case "speed":
    case "down":
      return undefined;
  }
}

export async function replaySession(file: string, options: ReplayOptions): Promise<ReplayResult> {
  const path = resolvePath(options.cwd, file);
  const display = relative(options.cwd, path) || path;
  const record = readSession(path, display);
  const { header } = record;
  if (header.backend !== "sim") {
    throw new LabError(`${display}: recorded on the ${header.backend} backend; only simulator sessions replay`, EXIT.usage, "record the session with `lab up --backend sim`");
  }
  const labFile = labFileFor(record, options, display);
  const opened = await openLabRef(labFile, { persistSecrets: false, builtinDir: options.cwd, release: header.release as Release });
  const identity = labIdentity(opened.lab);
  if (identity.hash !== header.lab.hash) {
    throw new LabError(
      `${display}: recorded with lab ${header.lab.name} ${header.lab.hash}, but ${opened.source.display} is ${identity.name} ${identity.hash}`,
      EXIT.invalidLab, "replay with the lab the session was recorded with (--lab FILE); a changed lab gives another run");
  }
  const backend = new SimBackend(opened.lab, { seed: header.seed });
  for (const [i, line] of record.lines.entries()) {
    const where = `${display}:${i + 2}`;
    try {
      backend.runTo(line.tUs, line.n);
    } catch (e) {
      if (e instanceof DivergenceError) throw new LabError(`${where} (${line.op}): the replay diverged: ${e.message}`, EXIT.internal, "the record was made by another version of lab, or the simulator is not deterministic (a bug: report it with the record)");
      throw e;
    }
    await apply(backend, line, where);
    const now = backend.position().traceHash;
    if (line.hash !== undefined && now !== line.hash) {
      throw new LabError(`${where} (${line.op} at t=${line.tUs / 1e6} s): the replay diverged: trace ${now}, recorded ${line.hash}`, EXIT.internal,
        "the record was made by another version of lab, or the simulator is not deterministic (a bug: report it with the record)");
    }
  }
  const last = record.lines.at(-1);
  const p = backend.position();
  return {
    record, labHash: identity.hash, tUs: p.tUs, events: p.events, traceHash: p.traceHash ?? "",
    ...(last?.hash !== undefined ? { recordedHash: last.hash } : {}),
    endedByDown: last?.op === "down", summary: backend.summary(),
  };
}
