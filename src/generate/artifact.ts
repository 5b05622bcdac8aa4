// A generated file: a path relative to the output directory, its text, and its mode. Generators are
// pure functions returning Artifact[]; only app/write-artifacts.ts touches the disk.

export interface Artifact {
  readonly path: string;
  readonly content: string;
  /** 0o644 by default; 0o755 for scripts, 0o600 for files that carry secrets. */
  readonly mode: number;
}

export const MODE_FILE = 0o644;
export const MODE_SCRIPT = 0o755;
export const MODE_SECRET = 0o600;

export function artifact(path: string, content: string, mode: number = MODE_FILE): Artifact {
  return { path, content: content.endsWith("\n") ? content : content + "\n", mode };
}

/** Path of a file in a host's tree: hostPath("db01", "/etc/rc.conf") -> "hosts/db01/etc/rc.conf". */
export function hostPath(host: string, freebsdPath: string): string {
  return `hosts/${host}${freebsdPath.startsWith("/") ? "" : "/"}${freebsdPath}`;
}

/** Sorted by path; throws on two artifacts with one path (a generator bug, not user input). */
export function sortArtifacts(artifacts: readonly Artifact[]): Artifact[] {
  const sorted = [...artifacts].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.path === sorted[i - 1]!.path) throw new Error(`two generators wrote ${sorted[i]!.path}`);
  }
  return sorted;
}
