// Process entry of the `lab` bin (bundled to dist/lab.js).

import { run } from "./main.js";

// `lab events --follow | head`, `lab sim --json | head`: the reader went away. Like any Unix tool,
// stop quietly instead of dying on an unhandled EPIPE.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = await run(process.argv.slice(2));
