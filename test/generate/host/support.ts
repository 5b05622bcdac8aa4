// Shared helpers for the host network tests: generate the reference lab's files by path, parse
// them, and a tiny ifstated expression evaluator for checking what the generated configs decide.
import type { IfstatedExpr } from "../../../src/formats/ifstated/ast.js";
import type { Artifact } from "../../../src/generate/artifact.js";
import type { GenerateOptions } from "../../../src/generate/context.js";
import { generateHostNetwork } from "../../../src/generate/host/index.js";
import type { Release, ResolvedLab } from "../../../src/model/types.js";
import { referenceLab } from "../../support/reference-lab.js";

export const RELEASES: readonly Release[] = ["14.2", "8.1"];

const cache = new Map<string, Map<string, Artifact>>();

/** The host network files by path; the reference lab's are generated once per release and provider. */
export function generated(release: Release = "14.2", options: GenerateOptions = { provider: "virtualbox" }, custom?: ResolvedLab) {
  const lab = custom ?? referenceLab(release);
  const key = `${release}/${options.provider}`;
  let files = custom ? undefined : cache.get(key);
  if (!files) {
    files = new Map<string, Artifact>(generateHostNetwork(lab, options).map((a) => [a.path, a]));
    if (!custom) cache.set(key, files);
  }
  const byPath = files;
  const file = (host: string, path: string): Artifact => {
    const a = byPath.get(`hosts/${host}${path}`);
    if (!a) throw new Error(`no hosts/${host}${path} among ${[...byPath.keys()].join(", ")}`);
    return a;
  };
  return { lab, files: byPath, file, text: (host: string, path: string) => file(host, path).content };
}

/** Test values by test: link tests as "lagg0.link.up" -> bool, external tests by command. */
export interface TestValues {
  readonly links: Readonly<Record<string, "up" | "down" | "unknown">>;
  readonly commands: (command: string) => boolean;
}

/** Evaluates an expanded ifstated expression (no macros) the way ifstated does. */
export function evalExpr(e: IfstatedExpr, values: TestValues): boolean {
  switch (e.kind) {
    case "link": return (values.links[e.interface] ?? "unknown") === e.state;
    case "external": return values.commands(e.command);
    case "not": return !evalExpr(e.operand, values);
    case "and": return evalExpr(e.left, values) && evalExpr(e.right, values);
    case "or": return evalExpr(e.left, values) || evalExpr(e.right, values);
    case "macro": throw new Error(`unexpanded macro ${e.name}`);
  }
}
