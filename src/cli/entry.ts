// Process entry of the `lab` bin (bundled to dist/lab.js).

import { run } from "./main.js";

process.exitCode = await run(process.argv.slice(2));
