// Where a running lab keeps its state: `.lab/` of the lab's directory holds daemon.json (pid,
// socket, seed, lab), daemon.log and the session record; the Unix socket sits there too unless its
// path would be longer than sun_path allows (104 bytes on macOS and the BSDs, 108 on Linux), in which
// case it goes to the temporary directory under a name derived from the lab directory.

import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { STATE_DIR } from "../secrets.js";

export const DAEMON_FILE = "daemon.json";
export const DAEMON_LOG = "daemon.log";
export const SOCKET_FILE = "daemon.sock";
export const SESSION_FILE = "session.jsonl";
export const PREVIOUS_SESSION_FILE = "session.previous.jsonl";

/** The smallest sun_path of the systems the lab runs on (macOS/BSD: 104 bytes including the NUL). */
export const MAX_SOCKET_PATH_BYTES = 103;

export interface LabPaths {
  /** The lab's directory (where its lab file is; the working directory for the built-in lab). */
  readonly labDir: string;
  readonly stateDir: string;
  readonly daemonFile: string;
  readonly logFile: string;
  readonly sessionFile: string;
  readonly previousSessionFile: string;
  /** Where a new daemon listens (see socketPathFor). A running daemon's own path is in daemon.json. */
  readonly socket: string;
}

/** `.lab/daemon.sock`, or `<tmpdir>/lab-<hash of the lab dir>.sock` when that is too long for sun_path. */
export function socketPathFor(labDir: string, tempDir: string = tmpdir()): string {
  const local = join(labDir, STATE_DIR, SOCKET_FILE);
  if (Buffer.byteLength(local) <= MAX_SOCKET_PATH_BYTES) return local;
  const hash = createHash("sha256").update(resolve(labDir)).digest("hex").slice(0, 16);
  return join(tempDir, `lab-${hash}.sock`);
}

export function labPaths(labDir: string): LabPaths {
  const dir = resolve(labDir);
  const stateDir = join(dir, STATE_DIR);
  return {
    labDir: dir,
    stateDir,
    daemonFile: join(stateDir, DAEMON_FILE),
    logFile: join(stateDir, DAEMON_LOG),
    sessionFile: join(stateDir, SESSION_FILE),
    previousSessionFile: join(stateDir, PREVIOUS_SESSION_FILE),
    socket: socketPathFor(dir),
  };
}
