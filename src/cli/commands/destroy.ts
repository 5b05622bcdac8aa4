// `lab destroy [--dir DIR]`: stops the lab if it runs (or cleans what a dead one left) and removes its
// daemon state, log and session records. Like `vagrant destroy`, which removes the machines but not
// the Vagrantfile, it keeps the lab file and .lab/secrets.json (the lab's passwords and SSH key).
// Nothing to destroy is not an error.

import { existsSync, rmSync } from "node:fs";
import { relative } from "node:path";
import { ask } from "../../app/daemon/answer-error.js";
import { cleanStale, inspectDaemon, processAlive, waitForExit } from "../../app/daemon/inspect.js";
import { findLabDir } from "../../app/daemon/locate.js";
import { labPaths } from "../../app/daemon/paths.js";
import { waitForListening } from "../../app/daemon/start.js";
import { EXIT, LabError, type ExitCode } from "../../app/errors.js";
import { SECRETS_FILE } from "../../app/secrets.js";
import type { CliIo } from "../io.js";

export async function destroyCommand(options: { dir?: string }, io: CliIo): Promise<ExitCode> {
  const paths = labPaths(findLabDir(io.cwd, options.dir));
  const shown = (p: string) => relative(io.cwd, p) || p;
  let state = await inspectDaemon(paths);
  if (state.kind === "starting") {
    // A daemon that dies before it listens leaves a stale state instead.
    const client = await waitForListening(paths, state.record.socket, state.record.pid, processAlive, 10_000).catch(() => undefined);
    const status = client ? await client.request("ping").catch(() => undefined) : undefined;
    state = client && status ? { kind: "running", record: state.record, client, status } : { kind: "stale", record: state.record, reason: `the lab daemon (pid ${state.record.pid}) never answered`, pidAlive: processAlive(state.record.pid) };
  }
  if (state.kind === "running") {
    const client = state.client;
    try {
      await ask(() => client.request("down"));
    } finally {
      client.close();
    }
    if (!(await waitForExit(state.record.pid))) {
      throw new LabError(`the lab daemon (pid ${state.record.pid}) did not exit after \`down\``, EXIT.internal, `\`kill ${state.record.pid}\`, then \`lab destroy\` again`);
    }
    io.out(`stopped the lab (daemon pid ${state.record.pid})`);
  } else if (state.kind === "stale") {
    cleanStale(paths, state.record);
    io.out(`cleaned a stale lab state: ${state.reason}`);
  }
  const files = [paths.daemonFile, paths.logFile, paths.sessionFile, paths.previousSessionFile, paths.socket].filter((f) => existsSync(f));
  for (const f of files) rmSync(f, { force: true });
  if (files.length) io.out(`removed ${files.map(shown).join(", ")}`);
  else if (state.kind === "none") io.out(`nothing to destroy in ${shown(paths.labDir)}`);
  if (existsSync(`${paths.stateDir}/${SECRETS_FILE}`)) io.out(`kept ${shown(`${paths.stateDir}/${SECRETS_FILE}`)} (the lab's passwords and SSH key)`);
  return EXIT.ok;
}
