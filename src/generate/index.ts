// Every file of a lab, from the resolved model: the Vagrantfile, vm-bhyve templates, and per host the
// FreeBSD configs, scripts and provision.sh. Pure and byte-stable: same lab and secrets, same bytes.

import { type Artifact, sortArtifacts } from "./artifact.js";
import type { GenerateOptions } from "./context.js";
import { generateBhyve } from "./bhyve/index.js";
import { generateHostNetwork } from "./host/index.js";
import { generateProvision } from "./provision/index.js";
import { generateServices } from "./services/index.js";
import { generateStorage } from "./storage/index.js";
import { generateVagrantfile } from "./vagrant/index.js";
import type { ResolvedLab } from "../model/types.js";

export function generateLab(lab: ResolvedLab, options: GenerateOptions): Artifact[] {
  const hostFiles = [...generateHostNetwork(lab, options), ...generateServices(lab, options), ...generateStorage(lab, options)];
  return sortArtifacts([
    ...generateVagrantfile(lab, options),
    ...generateBhyve(lab, options),
    ...hostFiles,
    // provision.sh places exactly the files the other generators wrote for its host.
    ...generateProvision(lab, options, sortArtifacts(hostFiles)),
  ]);
}
