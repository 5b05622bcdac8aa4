// generateBhyve(): native bhyve through vm-bhyve: a template per host, the switches and the script
// that creates and starts the VMs. Written for every provider; the host trees name disks as the
// chosen provider attaches them, so generated for another provider the templates say so and
// create-vms.sh refuses to run.

import type { ResolvedLab } from "../../model/types.js";
import { artifact, type Artifact } from "../artifact.js";
import type { GenerateOptions } from "../context.js";
import { createVmsScript } from "./create-vms.js";
import { setupSwitchesScript } from "./setup-switches.js";
import { switchNames } from "./switch-names.js";
import { templatePath, templateText } from "./vm-template.js";

export function generateBhyve(lab: ResolvedLab, options: GenerateOptions): Artifact[] {
  const switches = switchNames(lab);
  return [
    ...lab.hosts.map((h) => artifact(templatePath(h.name), templateText(lab, h, switches, options.provider))),
    setupSwitchesScript(lab, switches),
    createVmsScript(lab, options.provider),
  ];
}
