// generateStorage: every storage file of the lab. Pools and the mirrored OS on every host that has
// them, snapshots, replication, NFS shares and iSCSI targets on the storage pairs, mounts and iSCSI
// sessions on their consumers. Pure: (lab, options) -> Artifact[], sorted by path.

import type { ResolvedLab } from "../../model/types.js";
import { sortArtifacts, type Artifact } from "../artifact.js";
import type { GenerateOptions } from "../context.js";
import { consumerArtifacts } from "./consumers.js";
import { cronArtifacts } from "./cron.js";
import { iscsiTargetArtifacts } from "./iscsi-target.js";
import { replicationArtifacts } from "./replicate.js";
import { snapshotArtifact } from "./snapshot.js";
import { zpoolCreateArtifact } from "./zpool-create.js";

export function generateStorage(lab: ResolvedLab, options: GenerateOptions): Artifact[] {
  const out: Artifact[] = [];
  for (const host of lab.hosts) {
    out.push(
      ...zpoolCreateArtifact(lab, host, options),
      ...snapshotArtifact(lab, host.name),
      ...replicationArtifacts(lab, host.name),
      ...cronArtifacts(lab, host.name),
      ...iscsiTargetArtifacts(lab, host.name),
      ...consumerArtifacts(lab, host.name),
    );
  }
  return sortArtifacts(out);
}
