// `lab up [FILE] [--backend sim] [--seed N] [--release R]`: starts the lab in the background (a daemon
// holding the backend, reachable over `.lab/`'s socket), shows the boot per host, returns once every
// service is healthy and CARP has settled, and prints the addresses. A lab already up is reported
// (exit 0 when it is this lab, 7 when another one runs here).

import { existsSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { isAbsolute, relative } from "node:path";
// The backend module itself, not the index: `lab up` must not load the simulator (the daemon does).
import { BACKEND_KINDS, type BackendKind, type UpProgress } from "../../backends/backend.js";
import type { DaemonClient } from "../../app/daemon/client.js";
import { cleanStale, inspectDaemon, processAlive } from "../../app/daemon/inspect.js";
import { labPaths, type LabPaths } from "../../app/daemon/paths.js";
import type { DaemonArgs } from "../../app/daemon/run-daemon.js";
import { followBoot, spawnDaemon, waitForListening } from "../../app/daemon/start.js";
import { removeDaemonRecord, type DaemonRecord } from "../../app/daemon/state-file.js";
import { EXIT, LabError, type ExitCode } from "../../app/errors.js";
import { openLab } from "../../app/open-lab.js";
import { labIdentity } from "../../app/session/lab-identity.js";
import { labFileOf } from "../../app/session/open-lab-ref.js";
import { renderTable } from "../../lib/text-table.js";
import type { Release, ResolvedLab } from "../../model/types.js";
import type { ClusterView } from "../../sim/view.js";
import type { CliIo } from "../io.js";
import { formatDiagnostics } from "../report.js";

export interface UpOptions {
  readonly seed?: string;
  readonly backend: string;
  readonly release?: Release;
}

/** What to run next; with `-C DIR` when the lab's directory is not this one or above it (where the commands look). */
function nextSteps(io: CliIo, paths: LabPaths): string {
  const up = relative(paths.labDir, io.cwd);
  const found = up === "" || (!up.startsWith("..") && !isAbsolute(up));
  const c = found ? "" : ` -C ${relative(io.cwd, paths.labDir)}`;
  return `next: \`lab status${c}\`, \`lab console${c}\`, \`lab fault${c} "power-off proxy01"\`, \`lab events${c} --follow\`, \`lab down${c}\``;
}

/** "   20.000 s  proxy01  booted". */
export function progressLine(p: UpProgress): string {
  const what = p.stage === "services-up" ? "services up" : p.stage;
  return `${(p.t / 1e6).toFixed(3).padStart(9)} s  ${p.host.padEnd(8)}  ${what}`;
}

/** Each VIP with its MASTER (the owner) and BACKUPs, then each host's addresses. Pure. */
export function formatAddresses(lab: ResolvedLab, view: ClusterView): string {
  const vips = renderTable(["group", "address", "owner", "members"], view.vips.map((v) => [
    v.group, v.vip, v.owner ?? "(none)", v.members.map((m) => `${m.host} ${m.state}`).join(", "),
  ]));
  const hosts = renderTable(["host", "role", "addresses"], lab.hosts.map((h) => [
    h.name, h.role, h.interfaces.map((i) => `${i.name} ${i.address}/${i.prefixLength} (${i.network})`),
  ]));
  return ["VIPS", vips, "", "HOSTS", hosts].join("\n");
}

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(seed)) throw new LabError(`--seed ${text}: not a whole number >= 0`, EXIT.usage, "use e.g. --seed 1");
  return seed;
}

/** How the running lab differs from the one asked for ("seed 1, not 2"), or undefined when it is the same. */
function differenceFrom(record: DaemonRecord, want: { file: string | null; display: string; hash: string; seed?: number; backend: string; release: string }): string | undefined {
  if (record.lab.file !== want.file || record.lab.hash !== want.hash) return `it runs ${record.lab.display} (${record.lab.hash}), not ${want.display} (${want.hash})`;
  if (want.seed !== undefined && record.seed !== want.seed) return `it runs seed ${record.seed}, not ${want.seed}`;
  if (record.backend !== want.backend) return `it runs on the ${record.backend} backend, not ${want.backend}`;
  if (record.release !== want.release) return `it runs FreeBSD ${record.release}, not ${want.release}`;
  return undefined;
}

/** Follows the boot, printing progress, then the addresses. */
async function followAndReport(io: CliIo, paths: LabPaths, client: DaemonClient, lab: ResolvedLab, t0: number): Promise<void> {
  try {
    const view = await followBoot(client, (p) => {
      if (p.stage !== "booting") io.out(progressLine(p));
    });
    io.out(`healthy at ${view.timeS} s simulated (${((performance.now() - t0) / 1000).toFixed(2)} s wall); the lab runs at 1x in the background\n`);
    io.out(formatAddresses(lab, view));
    io.out(`\n${nextSteps(io, paths)}`);
  } finally {
    client.close();
  }
}

/**
 * Ctrl-C from here on leaves a state `lab up` and `lab destroy` handle: before the daemon is spawned,
 * the claim on daemon.json is removed; after, the daemon keeps starting and the message says how to
 * reach or stop it. Returns the function that stops listening.
 */
function onInterrupt(io: CliIo, paths: LabPaths, daemonPid: () => number | undefined): () => void {
  const handler = () => {
    const pid = daemonPid();
    if (pid === undefined) {
      removeDaemonRecord(paths.daemonFile);
      io.err("\ninterrupted before the lab started: nothing is running");
    } else {
      io.err(`\ninterrupted: the lab keeps starting in the background (daemon pid ${pid}); \`lab status\` shows it, \`lab down\` stops it, \`lab destroy\` removes it`);
    }
    process.exit(130);
  };
  process.on("SIGINT", handler);
  return () => void process.off("SIGINT", handler);
}

/** Waits for the daemon `pid` to listen, then follows its boot. */
async function attach(io: CliIo, paths: LabPaths, socket: string, pid: number, lab: ResolvedLab, t0: number): Promise<void> {
  const client = await waitForListening(paths, socket, pid, processAlive);
  await followAndReport(io, paths, client, lab, t0);
}

function where(io: CliIo, paths: LabPaths): string {
  return relative(io.cwd, paths.labDir) || "this directory";
}

export async function upCommand(file: string | undefined, options: UpOptions, io: CliIo): Promise<ExitCode> {
  const t0 = performance.now();
  if (!(BACKEND_KINDS as readonly string[]).includes(options.backend)) {
    throw new LabError(`--backend ${options.backend}: not available`, EXIT.usage, `one of: ${BACKEND_KINDS.join(", ")} (Vagrant and vm-bhyve backends are planned)`);
  }
  const backend = options.backend as BackendKind;
  const seed = parseSeed(options.seed);
  const { source, lab, warnings } = await openLab(file, io.cwd, { persistSecrets: true, ...(options.release ? { release: options.release } : {}) });
  if (warnings.length) io.err(formatDiagnostics(warnings) + "\n");
  const paths = labPaths(source.baseDir);
  const labFile = labFileOf(source, file, io.cwd);
  const identity = labIdentity(lab);

  const state = await inspectDaemon(paths);
  if (state.kind === "running") {
    state.client.close();
    const differs = differenceFrom(state.record, { file: labFile, display: source.display, hash: identity.hash, ...(seed !== undefined ? { seed } : {}), backend, release: lab.release });
    const s = state.status;
    const about = `${s.lab.name} from ${state.record.lab.display}, seed ${s.seed}, daemon pid ${s.pid}, ${s.phase} at ${s.tUs / 1e6} s simulated`;
    if (differs) {
      throw new LabError(`another lab is already up in ${where(io, paths)} (${about}): ${differs}`, EXIT.alreadyUp,
        "`lab down` stops it first (its session record is kept); or work with it: `lab status`, `lab console`");
    }
    io.out(`lab is already up in ${where(io, paths)}: ${about}\n${nextSteps(io, paths)}`);
    return EXIT.ok;
  }
  if (state.kind === "starting") {
    io.out(`a lab is already starting in ${where(io, paths)} (daemon pid ${state.record.pid}); following its boot`);
    const stopListening = onInterrupt(io, paths, () => state.record.pid);
    try {
      await attach(io, paths, state.record.socket, state.record.pid, lab, t0);
    } finally {
      stopListening();
    }
    return EXIT.ok;
  }
  if (state.kind === "stale") {
    cleanStale(paths, state.record);
    io.err(`cleaned a stale lab state: ${state.reason}`);
  }

  if (existsSync(paths.sessionFile)) io.out(`the previous session record moves to ${relative(io.cwd, paths.previousSessionFile) || paths.previousSessionFile}`);
  const useSeed = seed ?? 1;
  const args: DaemonArgs = { file: labFile, labDir: paths.labDir, seed: useSeed, backend, socket: paths.socket, ...(options.release ? { release: options.release } : {}) };
  let spawned: number | undefined;
  const stopListening = onInterrupt(io, paths, () => spawned);
  try {
    const record = spawnDaemon(paths, args, {
      version: 1, socket: paths.socket, seed: useSeed, backend, release: lab.release,
      lab: { file: labFile, display: source.display, name: identity.name, hash: identity.hash }, started: new Date().toISOString(),
    });
    spawned = record.pid;
    const shown = (p: string) => relative(io.cwd, p) || p;
    io.out(`lab up: ${lab.name} (FreeBSD ${lab.release}) from ${source.display}, ${backend} backend, seed ${useSeed}`);
    io.out(`  daemon pid ${record.pid}, socket ${shown(record.socket)}, session record ${shown(paths.sessionFile)}, log ${shown(paths.logFile)}`);
    await attach(io, paths, record.socket, record.pid, lab, t0);
  } finally {
    stopListening();
  }
  return EXIT.ok;
}
