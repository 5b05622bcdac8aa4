#!/usr/bin/env node
// The `lab` command: runs the bundle that `npm install` (prepare) builds into dist/.
import { existsSync } from "node:fs";

const bundle = new URL("../dist/lab.js", import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write("lab: dist/lab.js is missing; run `npm install` (or `npm run build`) in the project first\n");
  process.exit(1);
}
await import(bundle.href);
