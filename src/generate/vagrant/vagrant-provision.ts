// The provisioners of one VM: upload hosts/<host> to PROVISION_DIR and run its provision.sh as root.
// The tree carries the lab's secrets (CARP and MySQL passwords), so it lands in a 0700 directory of
// the SSH user and is removed once provision.sh has run, whatever its outcome.

import type { ResolvedHost } from "../../model/types.js";
import { hostPath } from "../artifact.js";
import { rubyString } from "./ruby-string.js";

/** Where hosts/<host>/provision.sh expects its tree inside the VM. */
export const PROVISION_DIR = "/tmp/lab-provision";

export function provisionLines(host: ResolvedHost, indent: string): string[] {
  const prepare = `rm -rf -- ${PROVISION_DIR} && install -d -m 700 -o "\${SUDO_USER:-vagrant}" ${PROVISION_DIR}`;
  const run = `sh ${PROVISION_DIR}/provision.sh; status=$?; rm -rf -- ${PROVISION_DIR}; exit $status`;
  return [
    `${indent}node.vm.provision "lab-prepare", type: "shell", privileged: true, inline: ${rubyString(prepare)}`,
    `${indent}node.vm.provision "lab-upload", type: "file", source: ${rubyString(hostPath(host.name, "/").replace(/\/$/, ""))}, destination: PROVISION_DIR`,
    `${indent}node.vm.provision "lab-provision", type: "shell", privileged: true, inline: ${rubyString(run)}`,
  ];
}
