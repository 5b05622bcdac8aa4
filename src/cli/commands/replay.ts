// `lab replay FILE [--json] [--lab LABFILE]`: re-runs a recorded session headless (same lab, seed and
// commands at their recorded simulated times) and prints the trace hash it reaches, which equals the
// one the live lab recorded at `down`. --json adds the run's summary.

import { replaySession } from "../../app/session/replay.js";
import { EXIT, type ExitCode } from "../../app/errors.js";
import type { CliIo } from "../io.js";

export async function replayCommand(file: string, options: { json?: boolean; lab?: string }, io: CliIo): Promise<ExitCode> {
  const r = await replaySession(file, { cwd: io.cwd, ...(options.lab !== undefined ? { lab: options.lab } : {}) });
  const { header } = r.record;
  const matches = r.recordedHash === undefined ? undefined : r.recordedHash === r.traceHash;
  if (options.json) {
    io.out(JSON.stringify({
      lab: header.lab.name, labHash: r.labHash, seed: header.seed, release: header.release, commands: r.record.lines.length,
      tUs: r.tUs, timeS: r.tUs / 1e6, events: r.events, traceHash: r.traceHash, recordedHash: r.recordedHash ?? null,
      matches: matches ?? null, endedByDown: r.endedByDown, summary: r.summary,
    }));
    return EXIT.ok;
  }
  io.out(`replayed ${header.lab.name} (${r.labHash}), seed ${header.seed}, FreeBSD ${header.release}: ${r.record.lines.length} recorded commands to ${r.tUs / 1e6} s simulated`);
  if (r.record.truncatedLine !== undefined) io.out(`  (line ${r.record.truncatedLine} was cut short by a crash while being written; replayed up to the line before)`);
  if (!r.endedByDown) io.out("  (the record has no `down`: the daemon stopped without one; replayed to its last command)");
  io.out(`trace ${r.traceHash}${matches ? " (equals the recorded trace)" : ""}`);
  return EXIT.ok;
}
