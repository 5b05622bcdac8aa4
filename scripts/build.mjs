// Builds dist/: the `lab` CLI (fast start: bundled, code-split so each command loads only what it
// uses, the lab schema's ajv validator precompiled) and the library entry for
// `import ... from "speed-daemons-lab"`. Run by `npm install` (prepare) and `npm run build`.
import { readFileSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv } from "ajv";
import standaloneCode from "ajv/dist/standalone/index.js";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));
const schema = JSON.parse(readFileSync(new URL("../schema/lab.schema.json", import.meta.url), "utf8"));
// Must match AJV_OPTIONS in src/model/schema-validator.ts.
const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true, allowUnionTypes: true, code: { source: true, esm: true } });
const validatorModule = `${standaloneCode(ajv, ajv.compile(schema))}\nexport function compileLabValidator() { return validate; }\n`;

const precompiledValidator = {
  name: "precompiled-lab-validator",
  setup(b) {
    b.onLoad({ filter: /src[\\/]model[\\/]schema-validator\.ts$/ }, () => ({
      contents: validatorModule.replace(/export default validate\d*;?/, "").replace(/^"use strict";/, ""),
      loader: "js",
      resolveDir: root,
    }));
  },
};

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
  // esbuild spawns its own binary; ssh2 has optional native parts; blessed (the console) requires its
  // widgets by computed names and reads its terminfo files at run time: they stay node_modules imports.
  external: ["esbuild", "ssh2", "blessed"],
  // ESM builds first: jsonc-parser's UMD main uses dynamic requires that a bundle cannot follow.
  mainFields: ["module", "main"],
  alias: { "speed-daemons-lab": "./src/index.ts" },
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [precompiledValidator],
};

rmSync(new URL("../dist", import.meta.url), { recursive: true, force: true });
await Promise.all([
  // The lab daemon `lab up` starts (dist/lab-daemon.js) shares the CLI's chunks.
  build({ ...common, entryPoints: { lab: "src/cli/entry.ts", "lab-daemon": "src/app/daemon/entry.ts" }, outdir: "dist", splitting: true, chunkNames: "chunks/[name]-[hash]" }),
  build({ ...common, entryPoints: { index: "src/index.ts" }, outdir: "dist" }),
]);
