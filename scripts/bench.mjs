// `npm run bench`: bundles bench/run.ts like the shipped code (esbuild, no TypeScript at run time, so
// the figures are those of the product, not of a dev loader) and runs it.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
await build({
  absWorkingDir: root, entryPoints: ["bench/run.ts"], outfile: "dist/bench/run.js", bundle: true, platform: "node", format: "esm",
  target: "node20", packages: "external", alias: { "speed-daemons-lab": "./src/index.ts" }, logLevel: "warning",
});
// --expose-gc: the memory figures are taken after a collection, so they show what is kept.
const r = spawnSync(process.execPath, ["--expose-gc", "dist/bench/run.js"], { cwd: root, stdio: "inherit" });
process.exitCode = r.status ?? 1;
