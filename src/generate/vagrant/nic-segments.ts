// The segment each NIC is cabled to: its own network, or the network of the LAGG it is a port of.
// Shared by the Vagrantfile (one private network per segment) and the vm-bhyve templates (switches).

import type { ResolvedHost, ResolvedNic } from "../../model/types.js";
import { attachOrder } from "./nic-models.js";

export interface CabledNic {
  readonly nic: ResolvedNic;
  /** Position in attach order: the guest's unit number. */
  readonly index: number;
  /** Network name, undefined when the NIC is neither addressed nor a LAGG port. */
  readonly network?: string;
  /** What the NIC is for, for comments: "port of lagg0", "addressed 10.0.99.11". */
  readonly role: string;
}

export function cabledNics(host: ResolvedHost): CabledNic[] {
  return attachOrder(host.nics).map((nic, index) => {
    const lagg = nic.lagg ? host.laggs.find((l) => l.name === nic.lagg) : undefined;
    const network = nic.network ?? lagg?.network;
    const role = lagg ? `port of ${lagg.name}` : nic.address ? `addressed ${nic.address}` : "unused";
    return network === undefined ? { nic, index, role } : { nic, index, network, role };
  });
}
