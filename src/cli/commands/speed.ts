// `lab speed 10x|0.5x|pause|resume|step`: the simulated clock against the wall clock (0.1x-1000x),
// paused, or one event at a time while paused.

import { ask } from "../../app/daemon/answer-error.js";
import { connectToLab } from "../../app/daemon/connect-lab.js";
import { EXIT, LabError, type ExitCode } from "../../app/errors.js";
import { isSpeedCommand, SPEED_FORMS } from "../../backends/sim/speed-command.js";
import type { CliIo } from "../io.js";

export async function speedCommand(command: string, options: { dir?: string }, io: CliIo): Promise<ExitCode> {
  if (!isSpeedCommand(command)) throw new LabError(`lab speed ${command}: unknown speed`, EXIT.usage, `use ${SPEED_FORMS}`);
  const running = await connectToLab(io.cwd, options.dir);
  try {
    const r = await ask(() => running.client.request("speed", { command: command.trim().toLowerCase() }));
    io.out(r.message);
    return EXIT.ok;
  } finally {
    running.client.close();
  }
}
