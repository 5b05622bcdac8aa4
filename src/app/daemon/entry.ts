// Process entry of the lab daemon (bundled to dist/lab-daemon.js; `lab up` starts it detached with
// one JSON argument, see DaemonArgs). Errors before the socket listens go to .lab/daemon.log and the
// exit status, where `lab up` reads them.

import { runDaemon, type DaemonArgs } from "./run-daemon.js";

try {
  const args = JSON.parse(process.argv[2] ?? "") as DaemonArgs;
  await runDaemon(args);
} catch (e) {
  process.stderr.write(`${new Date().toISOString()} lab-daemon[${process.pid}]: cannot start: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
}
