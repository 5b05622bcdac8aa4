// The files the generator writes for each host (generateHostNetwork: rc.conf, pf.conf,
// ifstated.conf, ...), indexed by host and absolute path, so the simulation runs what would be deployed.

import type { Artifact } from "../../generate/artifact.js";
import type { Provider } from "../../generate/context.js";
import { generateHostNetwork } from "../../generate/host/index.js";
import type { ResolvedLab } from "../../model/types.js";

export type HostFiles = ReadonlyMap<string, ReadonlyMap<string, string>>;

/** hosts/<host>/<path> artifacts -> host -> "/<path>" -> content. */
export function indexHostFiles(artifacts: readonly Artifact[]): HostFiles {
  const out = new Map<string, Map<string, string>>();
  for (const a of artifacts) {
    const m = /^hosts\/([^/]+)(\/.*)$/.exec(a.path);
    if (!m) continue;
    const files = out.get(m[1]!) ?? new Map<string, string>();
    files.set(m[2]!, a.content);
    out.set(m[1]!, files);
  }
  return out;
}

export function generateHostFiles(lab: ResolvedLab, provider: Provider = "virtualbox"): HostFiles {
  return indexHostFiles(generateHostNetwork(lab, { provider }));
}
