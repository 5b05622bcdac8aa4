// Opens the lab a daemon or a session record refers to: a lab file by absolute path, or (null) the
// built-in reference lab, explicitly, whatever ./Vagrantfile.ts the current directory may hold.

import { resolve as resolvePath } from "node:path";
import type { Release } from "../../model/types.js";
import { resolve } from "../../model/resolve.js";
import { validateLab } from "../../model/validate.js";
import { EXIT, LabError } from "../errors.js";
import { builtinLab, DEFAULT_LAB_FILE, type LoadedLab } from "../load-lab.js";
import { openLab, type OpenedLab } from "../open-lab.js";
import { loadSecrets } from "../secrets.js";

export interface LabRefOptions {
  readonly persistSecrets: boolean;
  readonly release?: Release;
  /** Where secrets of the built-in lab live (its lab directory). */
  readonly builtinDir: string;
}

/** The absolute path of the lab file `openLab(file, cwd)` loaded, or null for the built-in lab. */
export function labFileOf(source: LoadedLab, file: string | undefined, cwd: string): string | null {
  if (source.kind === "builtin") return null;
  return resolvePath(cwd, file ?? DEFAULT_LAB_FILE);
}

export async function openLabRef(file: string | null, options: LabRefOptions): Promise<OpenedLab> {
  const release = options.release ? { release: options.release } : {};
  if (file !== null) return openLab(file, options.builtinDir, { persistSecrets: options.persistSecrets, ...release });
  const source = await builtinLab(options.builtinDir);
  const checked = validateLab(source.document);
  if (!checked.ok) {
    throw new LabError("the built-in reference lab does not validate", EXIT.internal, "this is a bug in lab; report it", checked.diagnostics);
  }
  const spec = options.release ? { ...checked.lab, release: options.release } : checked.lab;
  const secrets = await loadSecrets(options.builtinDir, spec, { persist: options.persistSecrets });
  return { source, lab: resolve(spec, secrets), warnings: checked.diagnostics };
}
