// `lab heal "power-off proxy01"`: undoes that fault (injects its inverse: power-on proxy01);
// `lab heal` alone heals every partition. Checked like `lab fault`; a repair cannot be healed.

import { ask } from "../../app/daemon/answer-error.js";
import { connectToLab } from "../../app/daemon/connect-lab.js";
import { EXIT, type ExitCode } from "../../app/errors.js";
import type { CliIo } from "../io.js";
import { faultText } from "./fault.js";

export async function healCommand(words: readonly string[], options: { dir?: string }, io: CliIo): Promise<ExitCode> {
  const text = faultText(words);
  const running = await connectToLab(io.cwd, options.dir);
  try {
    const r = await ask(() => running.client.request("heal", text ? { text } : {}));
    io.out(r.message);
    return EXIT.ok;
  } finally {
    running.client.close();
  }
}
