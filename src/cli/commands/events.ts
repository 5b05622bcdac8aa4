// `lab events [--follow] [--json] [-n N]`: the lab's recent events (the daemon keeps the last 2,000),
// then with --follow the live ones until Ctrl-C or the lab stops. --json: one JSON event a line, as
// `lab sim --json` prints them.

import { ask, labErrorOf } from "../../app/daemon/answer-error.js";
import { connectToLab } from "../../app/daemon/connect-lab.js";
import { EVENT_BUFFER_SIZE } from "../../app/daemon/protocol.js";
import { EXIT, LabError, type ExitCode } from "../../app/errors.js";
import type { BackendEvent } from "../../backends/index.js";
import type { CliIo } from "../io.js";
import { eventJson, timelineLine } from "./sim.js";

export interface EventsOptions {
  readonly follow?: boolean;
  readonly json?: boolean;
  readonly lines: string;
  readonly dir?: string;
}

export async function eventsCommand(options: EventsOptions, io: CliIo): Promise<ExitCode> {
  const limit = Number(options.lines);
  if (!/^[0-9]+$/.test(options.lines) || limit > EVENT_BUFFER_SIZE) {
    throw new LabError(`--lines ${options.lines}: not a whole number 0-${EVENT_BUFFER_SIZE}`, EXIT.usage, "e.g. -n 100");
  }
  const show = (e: BackendEvent) => io.out(options.json ? eventJson(e.event) : timelineLine(e.event));
  const running = await connectToLab(io.cwd, options.dir);
  const { client } = running;
  if (!options.follow) {
    try {
      const r = await ask(() => client.request("events", { follow: false, limit }));
      if (r.dropped && !options.json) io.out(`(${r.dropped} earlier events not shown)`);
      for (const e of r.events) show(e);
      return EXIT.ok;
    } finally {
      client.close();
    }
  }
  // Follow until Ctrl-C (the lab keeps running) or until the daemon goes away.
  return new Promise<ExitCode>((resolve, reject) => {
    let done = false;
    const finish = (code: ExitCode) => {
      if (done) return;
      done = true;
      process.off("SIGINT", onInterrupt);
      client.close();
      resolve(code);
    };
    const onInterrupt = () => finish(EXIT.ok);
    process.once("SIGINT", onInterrupt);
    client.onClose(() => {
      if (!done) io.err("the lab stopped");
      finish(EXIT.ok);
    });
    const pending: BackendEvent[] = [];
    let started = false;
    client.stream("events", { follow: true, limit }, (line) => {
      if (line.stream !== "event") return;
      // Live events that arrive before the backlog answer wait for it (order is kept).
      if (started) show(line.event);
      else pending.push(line.event);
    }).then((r) => {
      for (const e of r.events) show(e);
      started = true;
      for (const e of pending.splice(0)) show(e);
    }, (e: unknown) => {
      done = true;
      process.off("SIGINT", onInterrupt);
      client.close();
      reject(labErrorOf(e));
    });
  });
}
