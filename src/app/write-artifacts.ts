// The one place generated files reach the disk: plan (what would be created, updated, left alone),
// then apply. Files are written atomically (temp file + rename) with their modes; files in the
// output directory that the lab did not generate are never touched.

import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve as resolvePath, sep } from "node:path";
import type { Artifact } from "../generate/artifact.js";
import { EXIT, LabError } from "./errors.js";

export type Change = "create" | "update" | "unchanged";

export interface PlannedFile {
  readonly path: string;
  readonly change: Change;
  readonly mode: number;
  readonly bytes: number;
}

function target(outDir: string, path: string): string {
  const full = resolvePath(outDir, path);
  if (!full.startsWith(resolvePath(outDir) + sep)) throw new Error(`artifact path escapes the output directory: ${path}`);
  return full;
}

export function planArtifacts(outDir: string, artifacts: readonly Artifact[]): PlannedFile[] {
  return artifacts.map((a) => {
    const full = target(outDir, a.path);
    let change: Change = "create";
    if (existsSync(full)) {
      const same = readFileSync(full, "utf8") === a.content && (statSync(full).mode & 0o777) === a.mode;
      change = same ? "unchanged" : "update";
    }
    return { path: a.path, change, mode: a.mode, bytes: Buffer.byteLength(a.content) };
  });
}

/** Writes the artifacts that differ; returns the plan it carried out. */
export function writeArtifacts(outDir: string, artifacts: readonly Artifact[]): PlannedFile[] {
  const plan = planArtifacts(outDir, artifacts);
  try {
    mkdirSync(outDir, { recursive: true });
    artifacts.forEach((a, i) => {
      if (plan[i]!.change === "unchanged") return;
      const full = target(outDir, a.path);
      mkdirSync(dirname(full), { recursive: true });
      const tmp = join(dirname(full), `.${a.path.split("/").pop()}.lab-tmp`);
      writeFileSync(tmp, a.content, { mode: a.mode });
      chmodSync(tmp, a.mode);
      renameSync(tmp, full);
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new LabError(`${outDir}: cannot write generated files: ${err.code ?? err.message} ${err.path ?? ""}`.trim(), EXIT.io,
      "check that the output directory is writable and not a file");
  }
  return plan;
}
