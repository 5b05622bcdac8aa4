// Shared by the service generator tests: generate a lab's service files, look one up by host and
// FreeBSD path, write some of them into a temporary directory for the real tools.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Artifact } from "../../../src/generate/artifact.js";
import { hostPath } from "../../../src/generate/artifact.js";
import { generateServices } from "../../../src/generate/services/index.js";
import type { LabSecrets, LabSpec, Release, ResolvedLab } from "../../../src/model/types.js";
import { referenceLab, referenceSpec, resolveSpec, testSecrets } from "../../support/reference-lab.js";

export const RELEASES: readonly Release[] = ["14.2", "8.1"];

export function services(lab: ResolvedLab): Artifact[] {
  return generateServices(lab, { provider: "virtualbox" });
}

export function referenceServices(release: Release, secrets: LabSecrets = testSecrets()): Artifact[] {
  return services(referenceLab(release, secrets));
}

/** The artifact at `path` on `host`; fails the test when the generator did not write it. */
export function file(artifacts: readonly Artifact[], host: string, path: string): Artifact {
  const found = artifacts.find((a) => a.path === hostPath(host, path));
  if (!found) throw new Error(`no ${hostPath(host, path)} among ${artifacts.length} artifacts`);
  return found;
}

export function filesUnder(artifacts: readonly Artifact[], host: string, dir: string): Artifact[] {
  return artifacts.filter((a) => a.path.startsWith(hostPath(host, dir)));
}

/** A copy of the reference spec changed by `edit` (the spec is plain JSON). */
export function editedSpec(release: Release, edit: (spec: Record<string, any>) => void): LabSpec {
  const spec = JSON.parse(JSON.stringify(referenceSpec(release))) as Record<string, any>;
  edit(spec);
  return spec as LabSpec;
}

export function resolveEdited(release: Release, edit: (spec: Record<string, any>) => void, secrets?: LabSecrets): ResolvedLab {
  return resolveSpec(editedSpec(release, edit), secrets);
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `lab-${prefix}-`));
}

/** Writes `content` at `dir/name` (parents created) and returns the path. */
export function writeIn(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return path;
}
