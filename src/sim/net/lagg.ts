// lagg(4): which ports are active and whether the lagg is up. failover: the first port (the MASTER
// port) with link carries the traffic, so traffic returns to it when its link comes back; lacp: every
// port with link whose partner still sends LACPDUs (a port losing link is detached at once; when the
// link stays up but the partner goes silent, the port is detached after the LACP timeout: 3 s fast,
// 90 s slow). loadbalance/roundrobin/broadcast: every port with link; none: no port. The lagg is up
// while one port is active, so CARP's link demotion triggers only when all members are down.
// The LACP partner of a port is the switch, not the peer host: powering off or partitioning the peer
// does not silence it. Partner silence is its own fault (World.setLacpPartnerSilent). A port whose
// link comes up attaches at once (the first LACPDU exchange takes well under a second).

import type { LaggProtocol } from "../../model/types.js";
import type { Engine } from "../engine/engine.js";
import type { Micros } from "../engine/time.js";
import type { LinkState } from "../host-api.js";
import { Deadline } from "./deadline.js";
import type { Nic } from "./nic.js";

export const LACP_FAST_TIMEOUT_US: Micros = 3_000_000;
export const LACP_SLOW_TIMEOUT_US: Micros = 90_000_000;

export type PortState = "active" | "inactive";

export class Lagg {
  admin = true;
  state: LinkState = "down";
  readonly portState = new Map<string, PortState>();
  /** Ports whose LACP partner is silent (fault), and those already detached for it. */
  private readonly silent = new Set<string>();
  private readonly detached = new Set<string>();
  private readonly timers = new Map<string, Deadline>();

  constructor(
    private readonly engine: Engine,
    readonly name: string,
    readonly protocol: LaggProtocol,
    readonly ports: readonly Nic[],
    private readonly lacpTimeoutUs: Micros,
    /** Called when a silent partner's timeout detaches a port (the owner recomputes and emits). */
    private readonly onDetach: (lagg: Lagg) => void,
  ) {
    for (const p of ports) this.portState.set(p.name, "inactive");
  }

  get up(): boolean {
    return this.state === "up";
  }

  /** The port state each port should have now. */
  wantedPorts(): Map<string, PortState> {
    const out = new Map<string, PortState>();
    let chosen = false;
    for (const p of this.ports) {
      let active = false;
      if (this.admin && p.link === "up") {
        switch (this.protocol) {
          case "failover": active = !chosen; chosen ||= active; break;
          case "lacp": active = !this.detached.has(p.name); break;
          case "none": active = false; break;
          default: active = true;
        }
      }
      out.set(p.name, active ? "active" : "inactive");
    }
    return out;
  }

  /** Fault: the LACP partner on `port` stops (or resumes) sending LACPDUs while the link stays up. */
  setPartnerSilent(port: string, silent: boolean): void {
    if (silent === this.silent.has(port)) return;
    if (silent) {
      this.silent.add(port);
      const nic = this.ports.find((p) => p.name === port);
      // A port that is up and attached keeps working until its partner info times out.
      if (nic?.link === "up" && this.portState.get(port) === "active") this.timerFor(port).after(this.lacpTimeoutUs);
      else this.detached.add(port);
    } else {
      this.silent.delete(port);
      this.detached.delete(port);
      this.timers.get(port)?.clear();
    }
  }

  /** A port lost its link: a silent partner's port stays detached when the link returns. */
  portLinkChanged(port: string, link: LinkState): void {
    if (!this.silent.has(port)) return;
    if (link !== "up") {
      this.timers.get(port)?.clear();
      this.detached.add(port);
    }
  }

  private timerFor(port: string): Deadline {
    let t = this.timers.get(port);
    if (!t) {
      t = new Deadline(this.engine, () => {
        this.detached.add(port);
        this.onDetach(this);
      });
      this.timers.set(port, t);
    }
    return t;
  }

  stopTimers(): void {
    for (const t of this.timers.values()) t.clear();
  }
}
