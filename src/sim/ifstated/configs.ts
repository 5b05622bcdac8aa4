// The generated ifstated.conf of every host that has one, parsed as the daemon reads it at start.

import { parseIfstated } from "../../formats/ifstated/parse.js";
import type { IfstatedConfig } from "../../formats/ifstated/ast.js";
import { type Artifact, hostPath } from "../../generate/artifact.js";
import { IFSTATED_CONF } from "../../generate/paths.js";
import type { ResolvedLab } from "../../model/types.js";

/** The generated ifstated.conf of every host that has one, parsed as the daemon would read it. */
export function ifstatedConfigs(lab: ResolvedLab, artifacts: readonly Artifact[]): Map<string, IfstatedConfig> {
  const files = new Map(artifacts.map((a) => [a.path, a.content]));
  const out = new Map<string, IfstatedConfig>();
  for (const host of lab.hosts) {
    const text = files.get(hostPath(host.name, IFSTATED_CONF));
    if (text === undefined) continue;
    const parsed = parseIfstated(text);
    if (!parsed.ok) throw new Error(`generated ifstated.conf of ${host.name} does not parse: ${JSON.stringify(parsed.errors)}`);
    out.set(host.name, parsed.value);
  }
  return out;
}

