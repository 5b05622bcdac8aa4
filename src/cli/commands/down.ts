// `lab down [--json]`: stops the running lab (the daemon records "down" with the final trace hash and
// exits); the session record stays in .lab/session.jsonl for `lab replay`.

import { relative } from "node:path";
import { ask } from "../../app/daemon/answer-error.js";
import { connectToLab } from "../../app/daemon/connect-lab.js";
import { waitForExit } from "../../app/daemon/inspect.js";
import { EXIT, LabError, type ExitCode } from "../../app/errors.js";
import type { CliIo } from "../io.js";

export async function downCommand(options: { json?: boolean; dir?: string }, io: CliIo): Promise<ExitCode> {
  const running = await connectToLab(io.cwd, options.dir);
  let result;
  try {
    result = await ask(() => running.client.request("down"));
  } finally {
    running.client.close();
  }
  const pid = running.status.pid;
  if (!(await waitForExit(pid))) {
    throw new LabError(`the lab daemon (pid ${pid}) answered \`down\` but has not exited after 5 s`, EXIT.internal, `see ${running.paths.logFile}; \`kill ${pid}\` stops it`);
  }
  const session = relative(io.cwd, result.sessionFile) || result.sessionFile;
  if (options.json) {
    io.out(JSON.stringify({ stopped: true, pid, tUs: result.tUs, timeS: result.tUs / 1e6, events: result.events, traceHash: result.traceHash, sessionFile: result.sessionFile }));
  } else {
    io.out(`stopped ${running.status.lab.name} at ${result.tUs / 1e6} s simulated${result.traceHash ? `, trace ${result.traceHash}` : ""}`);
    io.out(`session record kept: ${session}; \`lab replay ${session}\` reproduces it, \`lab up\` starts a new lab`);
  }
  return EXIT.ok;
}
