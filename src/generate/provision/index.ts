// generateProvision: hosts/<host>/provision.sh for every host, listing exactly the files the other
// generators wrote for it. Pure: (lab, options, all other artifacts) -> Artifact[].

import type { ResolvedLab } from "../../model/types.js";
import { artifact, MODE_SCRIPT, sortArtifacts, type Artifact } from "../artifact.js";
import type { GenerateOptions } from "../context.js";
import { hostFiles, provisionScript } from "./provision-script.js";

export function generateProvision(lab: ResolvedLab, options: GenerateOptions, hostArtifacts: readonly Artifact[]): Artifact[] {
  // Artifacts grouped by host in one pass (a filter per host is quadratic in a large lab).
  const byHost = new Map<string, Artifact[]>();
  for (const a of hostArtifacts) {
    const host = /^hosts\/([^/]+)\//.exec(a.path)?.[1];
    if (host) byHost.set(host, [...(byHost.get(host) ?? []), a]);
  }
  return sortArtifacts(
    lab.hosts.map((host) => artifact(`hosts/${host.name}/provision.sh`, provisionScript(lab, host, options, hostFiles(host.name, byHost.get(host.name) ?? [])), MODE_SCRIPT)),
  );
}
