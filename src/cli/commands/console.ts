// `lab console [--dir DIR]`: the fault-injection console on this terminal, attached to the running lab
// over its socket. Quitting leaves the lab running; `lab console` again re-attaches.

import { connectToLab } from "../../app/daemon/connect-lab.js";
import { DaemonConsoleSource } from "../../app/daemon/console-source.js";
import { EXIT, LabError, type ExitCode } from "../../app/errors.js";
import { runConsole } from "../../tui/console.js";
import type { ConsoleSource } from "../../tui/source.js";
import type { CliIo } from "../io.js";

export async function consoleCommand(options: { dir?: string }, io: CliIo): Promise<ExitCode> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new LabError("lab console needs a terminal (standard input and output are not one)", EXIT.usage,
      "run it in a terminal; from scripts use `lab status --json` and `lab events --follow --json`");
  }
  const running = await connectToLab(io.cwd, options.dir);
  const source: ConsoleSource = new DaemonConsoleSource(running.client);
  await runConsole(source, { input: process.stdin, output: process.stdout, title: `lab console: ${running.status.lab.name}` });
  io.out("the lab keeps running: `lab console` re-attaches, `lab status` shows it, `lab down` stops it");
  return EXIT.ok;
}
