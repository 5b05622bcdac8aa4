// The daemon process: opens the lab, starts the backend behind the socket, records the session, boots
// the lab and keeps it running until `lab down` or a signal. Its stderr is .lab/daemon.log.

import { rmSync } from "node:fs";
import type { Server } from "node:net";
import { SimBackend, type BackendKind } from "../../backends/index.js";
import type { Release } from "../../model/types.js";
import { labIdentity } from "../session/lab-identity.js";
import { openLabRef } from "../session/open-lab-ref.js";
import { SESSION_FORMAT, SESSION_VERSION, SessionRecorder } from "../session/record.js";
import { LabDaemon } from "./lab-daemon.js";
import { labPaths } from "./paths.js";
import { closeServer, listenOnSocket } from "./server.js";
import { readDaemonRecord, removeDaemonRecord, writeDaemonRecord, type DaemonRecord } from "./state-file.js";
import { systemWallClock } from "./wall-clock.js";

/** What `lab up` passes to the daemon (one JSON argument). */
export interface DaemonArgs {
  /** Absolute path of the lab file, null for the built-in reference lab. */
  readonly file: string | null;
  readonly labDir: string;
  readonly seed: number;
  readonly backend: BackendKind;
  readonly release?: Release;
  /** Where to listen (labPaths(labDir).socket, passed so both sides agree). */
  readonly socket: string;
}

/** Exit status of a daemon stopped by a simulator error (EX_SOFTWARE). */
const EXIT_SOFTWARE = 70;

function log(message: string): void {
  process.stderr.write(`${new Date().toISOString()} lab-daemon[${process.pid}]: ${message}\n`);
}

export async function runDaemon(args: DaemonArgs): Promise<void> {
  const paths = labPaths(args.labDir);
  const opened = await openLabRef(args.file, { persistSecrets: true, builtinDir: paths.labDir, ...(args.release ? { release: args.release } : {}) });
  const lab = opened.lab;
  const identity = labIdentity(lab);
  const started = new Date().toISOString();
  let server: Server | undefined;
  let stopping = false;

  const shutdown = (reason: string, status = 0) => {
    if (stopping) return;
    stopping = true;
    log(`stopping: ${reason}`);
    const own = readDaemonRecord(paths.daemonFile);
    if (own.kind === "ok" && own.record.pid === process.pid) removeDaemonRecord(paths.daemonFile);
    rmSync(args.socket, { force: true });
    process.exitCode = status;
    // Open connections are ended (their last answers drain first); a client that never closes its end is not waited for long.
    if (server) closeServer(server, () => process.exit(status));
    setTimeout(() => process.exit(status), 2000).unref();
  };
  // A simulator error inside a paced tick: the engine cannot go on. daemon.json stays so that
  // `lab status` reports the death; the session record holds every line up to here.
  const crash = (error: unknown) => {
    log(`simulator error at seed ${args.seed}: ${(error as Error)?.stack ?? String(error)}`);
    if (server) closeServer(server);
    rmSync(args.socket, { force: true });
    process.exit(EXIT_SOFTWARE);
  };

  const backend = new SimBackend(lab, {
    seed: args.seed,
    clock: systemWallClock(crash),
    yieldToCaller: () => new Promise((resolve) => setImmediate(resolve)),
  });
  const recorder = new SessionRecorder(paths.sessionFile, {
    type: SESSION_FORMAT, version: SESSION_VERSION,
    lab: { name: identity.name, hash: identity.hash, file: args.file, display: opened.source.display },
    seed: args.seed, release: lab.release, backend: args.backend, started,
  }, paths.previousSessionFile);
  const daemon = new LabDaemon({
    backend, lab, recorder, log,
    identity: { pid: process.pid, seed: args.seed, lab: { name: identity.name, hash: identity.hash, file: args.file }, sessionFile: paths.sessionFile, socket: args.socket, started },
    onStopped: (reason) => shutdown(reason),
  });

  // `lab up` made sure nothing answers there: a socket file left by a killed daemon is removed.
  rmSync(args.socket, { force: true });
  server = await listenOnSocket(daemon, args.socket);
  const record: DaemonRecord = {
    version: 1, pid: process.pid, socket: args.socket, seed: args.seed, backend: args.backend, release: lab.release,
    lab: { file: args.file, display: opened.source.display, name: identity.name, hash: identity.hash }, started, phase: "listening",
  };
  writeDaemonRecord(paths.daemonFile, record, { exclusive: false });
  log(`listening on ${args.socket}: ${identity.name} (${identity.hash}), seed ${args.seed}, ${args.backend}`);

  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    process.on(signal, () => void daemon.stop(`signal ${signal}`).then(() => shutdown(`signal ${signal}`)));
  }
  process.on("uncaughtException", crash);
  process.on("unhandledRejection", crash);
  await daemon.boot();
  if (daemon.phase === "up") log(`up at t=${backend.position().tUs} µs`);
}
