// The common first step of every command: load the lab, validate it, point each diagnostic at its
// source, and resolve it with the lab's secrets.

import type { Diagnostic } from "../model/diagnostics.js";
import { resolve } from "../model/resolve.js";
import type { LabSpec, Release, ResolvedLab } from "../model/types.js";
import { validateLab } from "../model/validate.js";
import { EXIT, LabError } from "./errors.js";
import { loadLab, type LoadedLab } from "./load-lab.js";
import { loadSecrets } from "./secrets.js";

export interface CheckedLab {
  readonly source: LoadedLab;
  readonly valid: boolean;
  readonly spec?: LabSpec;
  readonly diagnostics: readonly Diagnostic[];
}

/** Loads and validates; diagnostics carry their source location. Never throws for an invalid lab. */
export async function checkLab(file: string | undefined, cwd: string): Promise<CheckedLab> {
  const source = await loadLab(file, cwd);
  const v = validateLab(source.document);
  const diagnostics = v.diagnostics.map((d) => {
    const origin = source.locate(d.pointer);
    return origin ? { ...d, origin } : d;
  });
  return v.ok ? { source, valid: true, spec: v.lab, diagnostics } : { source, valid: false, diagnostics };
}

export interface OpenedLab {
  readonly source: LoadedLab;
  readonly lab: ResolvedLab;
  readonly warnings: readonly Diagnostic[];
}

/** Loads, validates (throwing LabError with the diagnostics when invalid) and resolves. */
export interface OpenOptions {
  /** Write new secrets to .lab/ (commands that produce deployable files); otherwise keep them in memory. */
  readonly persistSecrets: boolean;
  /** Overrides the lab's release (`lab generate --release 8.1`). */
  readonly release?: Release;
}

export async function openLab(file: string | undefined, cwd: string, options: OpenOptions): Promise<OpenedLab> {
  const checked = await checkLab(file, cwd);
  if (!checked.valid || !checked.spec) {
    const errors = checked.diagnostics.filter((d) => d.severity === "error").length;
    throw new LabError(`${checked.source.display}: invalid lab (${errors} error${errors === 1 ? "" : "s"})`, EXIT.invalidLab,
      "fix the errors above, then run `lab validate` again", checked.diagnostics);
  }
  const spec = options.release ? { ...checked.spec, release: options.release } : checked.spec;
  const secrets = await loadSecrets(checked.source.baseDir, spec, { persist: options.persistSecrets });
  return { source: checked.source, lab: resolve(spec, secrets), warnings: checked.diagnostics };
}
