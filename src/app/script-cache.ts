// A cache of compiled lab scripts (Vagrantfile.ts bundles), so that commands run on an unchanged lab
// skip starting esbuild. An entry is used only when every input file still has the same content hash;
// a cache that cannot be read or written is simply not used.

import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface CompiledScript {
  readonly code: string;
  readonly map: string;
  /** Absolute paths of the bundled source files with their sha256. */
  readonly inputs: readonly { readonly path: string; readonly sha256: string }[];
}

function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "speed-daemons-lab", "scripts");
}

export function sha256(text: string | Buffer): string {
  return createHash("sha256").update(text).digest("hex");
}

function entryPath(scriptPath: string, toolKey: string): string {
  return join(cacheDir(), `${sha256(`${toolKey}\0${scriptPath}`).slice(0, 32)}.json`);
}

export function readCachedScript(scriptPath: string, toolKey: string): CompiledScript | undefined {
  if (process.env.LAB_NO_CACHE) return undefined;
  try {
    const entry = JSON.parse(readFileSync(entryPath(scriptPath, toolKey), "utf8")) as CompiledScript;
    for (const input of entry.inputs) if (sha256(readFileSync(input.path)) !== input.sha256) return undefined;
    return entry;
  } catch {
    return undefined;
  }
}

export function writeCachedScript(scriptPath: string, toolKey: string, compiled: CompiledScript): void {
  if (process.env.LAB_NO_CACHE) return;
  try {
    const path = entryPath(scriptPath, toolKey);
    mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    writeFileSync(`${path}.tmp`, JSON.stringify(compiled), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
  } catch {
    // a cache is an optimisation: ignore an unwritable cache directory
  }
}
