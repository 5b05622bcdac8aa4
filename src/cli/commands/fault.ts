// `lab fault "power-off proxy01" [--dir DIR]`: injects a fault into the running lab now. The daemon
// checks it against the lab first: a fault that does not parse or names what the lab lacks changes
// nothing and exits 3 with the problem, its JSON pointer and a hint.

import { ask } from "../../app/daemon/answer-error.js";
import { connectToLab } from "../../app/daemon/connect-lab.js";
import { EXIT, LabError, type ExitCode } from "../../app/errors.js";
import { listForms } from "../../faults/index.js";
import type { CliIo } from "../io.js";

/** The words of a fault given with or without quotes: `lab fault power-off proxy01` works too. */
export function faultText(words: readonly string[]): string {
  return words.join(" ").trim();
}

export async function faultCommand(words: readonly string[], options: { dir?: string }, io: CliIo): Promise<ExitCode> {
  const text = faultText(words);
  if (!text) throw new LabError("which fault? e.g. `lab fault \"power-off proxy01\"`", EXIT.usage, listForms());
  const running = await connectToLab(io.cwd, options.dir);
  try {
    const r = await ask(() => running.client.request("fault", { text }));
    io.out(r.message);
    return EXIT.ok;
  } finally {
    running.client.close();
  }
}
