// One CARP vhid on FreeBSD 10+ (14.x), following sys/netinet/ip_carp.c: carp_sc_state (link and
// net.inet.carp.allow), carp_setrun (timers), carp_input_c (advertisement rules), carp_send_ad_locked,
// carp_master_down_locked and SIOCSVH. Reasons are the kernel's log strings.
//   MASTER: advertises every advbase + demoted_skew/256 s; steps down on a peer interval <= own.
//   BACKUP: master-down timer 3*advbase + advskew/256 s (configured advskew), re-armed by each
//   advertisement; preempts (preempt=1) a strictly slower master; takes over at once when the peer's
//   interval exceeds 3*advbase + own skew. INIT on link loss (demotion +240, undone on return).

import type { ResolvedCarpMembership } from "../../model/types.js";
import { US_PER_S } from "../engine/time.js";
import type { CarpState } from "../host-api.js";
import { Deadline } from "../net/deadline.js";
import { emitCarpState, type CarpEnv, type CarpVif } from "./carp-env.js";
import { advertIntervalUs, demotedSkew, masterDownUs, skewUs } from "./timing.js";

/** The host-wide knobs a 14.x vhid reads. */
export interface Carp14Knobs {
  readonly allow: number;
  readonly preempt: number;
  readonly demotion: number;
  readonly ifdownFactor: number;
  demoteAdj(adj: number, reason: string): void;
}

export class CarpVhid14 implements CarpVif {
  state: CarpState = "INIT";
  sinceUs = 0;
  advskew: number;
  /** The advskew rc.conf configures, restored at every boot. */
  private readonly configuredAdvskew: number;
  readonly group: string;
  readonly vhid: number;
  readonly vip: string;
  readonly iface: string;
  readonly parent: string;
  readonly advbase: number;
  /** sc_suppress: this vhid's link-down demotion is in effect. */
  private suppress = false;
  /** The vhid address is configured (rc's netif ran). */
  private attached = false;
  private readonly ad: Deadline;
  private readonly md: Deadline;

  constructor(private readonly env: CarpEnv, private readonly knobs: Carp14Knobs, m: ResolvedCarpMembership) {
    this.group = m.group;
    this.vhid = m.vhid;
    this.vip = m.address;
    this.iface = m.interface;
    this.parent = m.interface;
    this.advbase = m.advbase;
    this.advskew = m.advskew;
    this.configuredAdvskew = m.advskew;
    this.ad = new Deadline(env.engine, () => this.sendAd());
    this.md = new Deadline(env.engine, () => this.masterDown("master timed out"));
  }

  /** rc's netif: ifconfig_IF_aliasN configures the vhid with rc.conf's advskew. */
  attach(): void {
    this.advskew = this.configuredAdvskew;
    this.attached = true;
    this.scState();
  }

  halt(reason: string): void {
    this.ad.clear();
    this.md.clear();
    this.attached = false;
    this.suppress = false;
    this.setState("INIT", reason);
  }

  /** carp_sc_state: the parent's link/admin state or net.inet.carp.allow changed. */
  scState(): void {
    if (!this.attached) return;
    if (!this.env.parentUp(this.parent) || !this.knobs.allow) {
      this.ad.clear();
      this.md.clear();
      this.setState("INIT", "hardware interface down");
      if (!this.suppress) this.knobs.demoteAdj(this.knobs.ifdownFactor, "interface down");
      this.suppress = true;
    } else {
      this.setState("INIT", "hardware interface up");
      this.setrun();
      if (this.suppress) this.knobs.demoteAdj(-this.knobs.ifdownFactor, "interface up");
      this.suppress = false;
    }
  }

  /** A MASTER advertises now (carp_send_ad_all after a demotion change). */
  advertiseIfMaster(): void {
    if (this.state === "MASTER") this.sendAd();
  }

  receiveAdvert(peerAdvbase: number, peerAdvskew: number): void {
    if (!this.knobs.allow || !this.attached) return;
    const ownSkewUs = skewUs(demotedSkew(this.advskew, this.knobs.demotion));
    const own = this.advbase * US_PER_S + ownSkewUs;
    const peer = peerAdvbase * US_PER_S + skewUs(peerAdvskew);
    switch (this.state) {
      case "INIT":
        return;
      case "MASTER":
        // A tie makes a master step down too: there is no address tie-break.
        if (own >= peer) {
          this.ad.clear();
          this.setState("BACKUP", "more frequent advertisement received");
          this.setrun();
        }
        return;
      case "BACKUP":
        if (this.knobs.preempt && own < peer) return this.masterDown("preempting a slower master");
        if (3 * this.advbase * US_PER_S + ownSkewUs < peer) return this.masterDown("master will time out");
        this.setrun();
    }
  }

  /** SIOCSVH advskew: takes effect with the next advertisement sent or master-down timer armed. */
  setAdvskew(advskew: number): boolean {
    if (!Number.isInteger(advskew) || advskew < 0 || advskew >= 255) return false;
    this.advskew = advskew;
    return true;
  }

  /** `ifconfig IF vhid N state master|backup`: ignored in INIT, as in the kernel. */
  requestState(state: "master" | "backup"): void {
    if (this.state === "INIT") return;
    if (state === "backup" && this.state === "MASTER") {
      this.ad.clear();
      this.setState("BACKUP", "user requested via ifconfig");
      this.setrun();
    } else if (state === "master" && this.state === "BACKUP") {
      this.masterDown("user requested via ifconfig");
    }
  }

  private canRun(): boolean {
    return this.attached && this.knobs.allow !== 0 && this.env.parentUp(this.parent);
  }

  private setrun(): void {
    if (!this.canRun()) return;
    switch (this.state) {
      case "INIT":
        this.setState("BACKUP", "initialization complete");
        this.setrun();
        return;
      case "BACKUP":
        this.ad.clear();
        this.md.after(masterDownUs(this.advbase, this.advskew));
        return;
      case "MASTER":
        // carp_setrun uses the configured advskew; later sends use the demoted one.
        this.ad.after(advertIntervalUs(this.advbase, this.advskew));
    }
  }

  private sendAd(): void {
    const advskew = demotedSkew(this.advskew, this.knobs.demotion);
    this.env.sendAdvert(this, this.advbase, advskew);
    this.ad.after(advertIntervalUs(this.advbase, advskew));
  }

  private masterDown(reason: string): void {
    if (this.state !== "BACKUP") return;
    this.md.clear();
    this.setState("MASTER", reason);
    this.sendAd();
    this.env.announce(this);
    this.setrun();
  }

  private setState(to: CarpState, reason: string): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.sinceUs = this.env.engine.now;
    if (to !== "BACKUP") this.md.clear();
    emitCarpState(this.env, this, from, to, reason);
  }
}
