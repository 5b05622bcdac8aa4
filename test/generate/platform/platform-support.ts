// Helpers of the platform tests: temp directories, writing artifacts, the tools' sandbox env.
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { Artifact } from "../../../src/generate/artifact.js";

export const ROOT = new URL("../../..", import.meta.url).pathname;

export function tempDir(prefix = "lab-platform-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeArtifacts(dir: string, artifacts: readonly Artifact[]): void {
  for (const a of artifacts) {
    const path = join(dir, a.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, a.content);
    chmodSync(path, a.mode);
  }
}

/** An environment where vagrant and packer keep their state in `home`, not the user's. */
export function sandboxEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  mkdirSync(home, { recursive: true });
  return {
    ...process.env,
    HOME: home,
    VAGRANT_HOME: join(home, ".vagrant.d"),
    VAGRANT_CHECKPOINT_DISABLE: "1",
    CHECKPOINT_DISABLE: "1",
    PACKER_CACHE_DIR: join(home, "packer_cache"),
    ...extra,
  };
}
