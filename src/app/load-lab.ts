// Finding and reading a lab: a Vagrantfile.ts (bundled with esbuild and evaluated), a lab.json, or
// the built-in reference lab. Returns the raw document plus a way to turn a JSON pointer into a
// source location (file:line:column and, for Vagrantfile.ts, the builder call).

import { existsSync, readFileSync, statSync } from "node:fs";
import { SourceMap } from "node:module";
import { basename, dirname, extname, join, relative, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import * as api from "../index.js";
import { originsOf, type Origin } from "../model/builder.js";
import { locatePointer, parseJsonText } from "../lib/json-text.js";
import { parsePointer } from "../model/diagnostics.js";
import { EXIT, LabError } from "./errors.js";
import { type CompiledScript, readCachedScript, sha256, writeCachedScript } from "./script-cache.js";

export interface LoadedLab {
  /** What the user named, for messages: "Vagrantfile.ts", "labs/big.json", "built-in reference lab". */
  readonly display: string;
  readonly kind: "typescript" | "json" | "builtin";
  /** Directory that holds the lab's state (.lab/). */
  readonly baseDir: string;
  readonly document: unknown;
  /** Source location of a JSON pointer, if known. */
  locate(pointer: string): string | undefined;
}

export const DEFAULT_LAB_FILE = "Vagrantfile.ts";
const SCRIPT_EXTENSIONS = new Set([".ts", ".mts", ".js", ".mjs"]);
const API_KEY = Symbol.for("speed-daemons-lab/api");

/** Loads FILE, else ./Vagrantfile.ts, else the built-in reference lab. */
export async function loadLab(file: string | undefined, cwd: string): Promise<LoadedLab> {
  if (file === undefined) {
    const local = resolvePath(cwd, DEFAULT_LAB_FILE);
    if (existsSync(local)) return loadLab(DEFAULT_LAB_FILE, cwd);
    return await builtinLab(cwd);
  }
  const path = resolvePath(cwd, file);
  const display = relative(cwd, path) || basename(path);
  if (!existsSync(path)) {
    throw new LabError(`${display}: no such file`, EXIT.io, "give the path of a Vagrantfile.ts or lab.json, or omit FILE to use ./Vagrantfile.ts or the built-in reference lab");
  }
  if (statSync(path).isDirectory()) {
    throw new LabError(`${display}: is a directory`, EXIT.io, `name the lab file inside it, e.g. ${display}/${DEFAULT_LAB_FILE}`);
  }
  const ext = extname(path);
  if (ext === ".json") return loadJson(path, display);
  if (SCRIPT_EXTENSIONS.has(ext)) return loadScript(path, display, cwd);
  throw new LabError(`${display}: unknown lab file type "${ext}"`, EXIT.usage, "use a .ts/.mts/.js/.mjs file that default-exports a lab, or a .json lab");
}

export async function builtinLab(cwd: string): Promise<LoadedLab> {
  // Imported when used: describing the reference lab costs start-up time the other paths don't need.
  const { default: reference } = await import("../../Vagrantfile.js");
  const origins = originsOf(reference);
  return {
    display: "built-in reference lab",
    kind: "builtin",
    baseDir: cwd,
    document: reference,
    locate: (ptr) => describeOrigin(originChain(origins, ptr), undefined),
  };
}

function loadJson(path: string, display: string): LoadedLab {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new LabError(`${display}: cannot read: ${(e as Error).message}`, EXIT.io);
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) {
    throw new LabError(`${display}:${parsed.position}: invalid JSON: ${parsed.message}`, EXIT.invalidLab,
      "fix the JSON syntax at that position (strict JSON: no comments, no trailing commas)");
  }
  return {
    display, kind: "json", baseDir: dirname(path), document: parsed.value,
    locate: (ptr) => `${display}:${locatePointer(parsed.tree, text, parsePointer(ptr))}`,
  };
}

// The user's lab script imports "speed-daemons-lab"; it gets this process's own builder through a
// virtual module, so the script is bundled alone (fast) and its specs come from the code that checks them.
function virtualApiModule(): string {
  const names = Object.keys(api).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
  return `const api = globalThis[Symbol.for("speed-daemons-lab/api")];\n` +
    names.map((n) => `export const ${n} = api.${n};`).join("\n") + "\nexport default api;\n";
}

const SCRIPT_TAG = "lab-script";
// Compiled scripts depend on this tool's version (the virtual API module) and on esbuild's.
const TOOL_KEY = "speed-daemons-lab@0.1.0";

async function compileScript(path: string, cwd: string, display: string): Promise<CompiledScript> {
  const key = `${TOOL_KEY}\0${Object.keys(api).join(",")}`;
  const cached = readCachedScript(path, key);
  if (cached) return cached;
  const esbuild = await import("esbuild");
  try {
    const result = await esbuild.build({
      entryPoints: [path], bundle: true, write: false, format: "esm", platform: "node", target: "node20",
      outfile: join(dirname(path), `${SCRIPT_TAG}.js`), sourcemap: "external", sourcesContent: false, logLevel: "silent",
      absWorkingDir: dirname(path), metafile: true,
      plugins: [{
        name: "speed-daemons-lab-api",
        setup(build) {
          build.onResolve({ filter: /^speed-daemons-lab$/ }, () => ({ path: "api", namespace: "speed-daemons-lab" }));
          build.onLoad({ filter: /.*/, namespace: "speed-daemons-lab" }, () => ({ contents: virtualApiModule(), loader: "js" }));
        },
      }],
    });
    const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes(":")).map((p) => {
      const abs = resolvePath(dirname(path), p);
      return { path: abs, sha256: sha256(readFileSync(abs)) };
    });
    const compiled: CompiledScript = {
      code: result.outputFiles.find((f) => f.path.endsWith(".js"))!.text,
      map: result.outputFiles.find((f) => f.path.endsWith(".map"))!.text,
      inputs,
    };
    writeCachedScript(path, key, compiled);
    return compiled;
  } catch (e) {
    const failure = e as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] };
    const first = failure.errors?.[0];
    const where = first?.location ? `${relative(cwd, resolvePath(dirname(path), first.location.file))}:${first.location.line}:${first.location.column + 1}` : display;
    throw new LabError(`${where}: ${first?.text ?? (e as Error).message}`, EXIT.invalidLab, "fix the TypeScript at that position");
  }
}

async function loadScript(path: string, display: string, cwd: string): Promise<LoadedLab> {
  const { code, map: mapText } = await compileScript(path, cwd, display);
  const map = new SourceMap(JSON.parse(mapText));
  // Positions in the bundle (frames of the data: module, tagged with #lab-script) -> the user's source.
  const original = (site: string): string | undefined => {
    const m = new RegExp(`#${SCRIPT_TAG}:(\\d+):(\\d+)\\)?$`).exec(site);
    if (!m) return undefined;
    const entry = map.findEntry(Number(m[1]) - 1, Number(m[2]) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (!entry.originalSource) return undefined;
    const file = entry.originalSource.startsWith("file://") ? fileURLToPath(entry.originalSource) : resolvePath(dirname(path), entry.originalSource);
    return `${relative(cwd, file) || display}:${entry.originalLine! + 1}:${entry.originalColumn! + 1}`;
  };
  (globalThis as Record<symbol, unknown>)[API_KEY] = api;
  let module: { default?: unknown };
  try {
    module = (await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}#${SCRIPT_TAG}`)) as { default?: unknown };
  } catch (e) {
    const err = e as Error;
    const where = (err.stack ?? "").split("\n").slice(1).map((l) => original(l.trim())).find(Boolean) ?? display;
    throw new LabError(`${where}: ${err.name}: ${err.message}`, EXIT.invalidLab, `the lab script threw while describing the lab; fix ${display}`);
  }
  if (module.default === undefined) {
    throw new LabError(`${display}: has no default export`, EXIT.invalidLab, 'end it with `export default defineLab("name", (lab) => { ... })`');
  }
  const origins = originsOf(module.default).map((o) => ({ ...o, site: original(o.site) ?? "" }));
  return {
    display, kind: "typescript", baseDir: dirname(path), document: module.default,
    locate: (ptr) => describeOrigin(originChain(origins, ptr), display),
  };
}

/** The builder calls that made the element at `ptr` and its parents, outermost first. */
function originChain(origins: readonly Origin[], ptr: string): Origin[] {
  const chain = origins.filter((o) => ptr === o.pointer || ptr.startsWith(o.pointer + "/"));
  const deepest = new Map<string, Origin>();
  for (const o of chain) deepest.set(o.pointer, o); // one per element
  return [...deepest.values()].sort((a, b) => a.pointer.length - b.pointer.length);
}

function describeOrigin(chain: readonly Origin[], display: string | undefined): string | undefined {
  const last = chain[chain.length - 1];
  if (!last) return display;
  const call = chain.map((o) => o.call).join("");
  if (!display || !last.site) return `${display ?? "reference lab"} ${call}`;
  return `${last.site} ${call}`;
}
