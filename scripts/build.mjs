// Builds dist/: the `lab` CLI bundle (fast start: one file, no TypeScript at run time) and the
// library entry for `import ... from "speed-daemons-lab"`. Run by `npm install` (prepare) and `npm run build`.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
  // esbuild spawns its own binary; ssh2 has optional native parts: both stay node_modules imports.
  external: ["esbuild", "ssh2"],
  alias: { "speed-daemons-lab": "./src/index.ts" },
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
};

await Promise.all([
  build({ ...common, entryPoints: ["src/cli/entry.ts"], outfile: "dist/lab.js" }),
  build({ ...common, entryPoints: ["src/index.ts"], outfile: "dist/index.js" }),
]);
