// A physical NIC: its link is up while the host is powered (after the network stage of boot), the
// cable is in (fault: nic-down) and the interface is administratively up (ifconfig IF down).

import type { LinkState } from "../host-api.js";

export class Nic {
  cable = true;
  admin = true;
  powered = false;
  link: LinkState = "down";

  constructor(readonly name: string, readonly lagg: string | undefined) {}

  get up(): boolean {
    return this.link === "up";
  }

  /** The link state the inputs call for. */
  wanted(): LinkState {
    return this.powered && this.cable && this.admin ? "up" : "down";
  }
}
