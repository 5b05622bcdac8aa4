// One carpN pseudo-interface on FreeBSD 8.x, following 8.x sys/netinet/ip_carp.c: carp_setrun (with
// net.inet.carp.preempt INIT goes straight to MASTER), carp_input_c, carp_send_ad_locked (a carpN
// that is not UP sends a 255/255 "bow out" advertisement), carp_sc_state_locked (parent link loss:
// INIT and carp_suppress_preempt++), SIOCSIFFLAGS (ifconfig carpN down on a master bows out) and
// SIOCSVH (ifconfig carpN advskew N re-arms the timers). Link state: MASTER up, BACKUP down, INIT unknown.

import type { ResolvedCarpMembership } from "../../model/types.js";
import { US_PER_S } from "../engine/time.js";
import type { CarpState, LinkState } from "../host-api.js";
import { Deadline } from "../net/deadline.js";
import { emitCarpState, type CarpEnv, type CarpVif } from "./carp-env.js";
import { advertIntervalUs, CARP_BOW_OUT, CARP_MAXSKEW, masterDownUs, skewUs } from "./timing.js";

/** The host-wide knobs an 8.x carpN reads. */
export interface Carp81Knobs {
  readonly allow: number;
  readonly preempt: number;
  /** carp_suppress_preempt: while > 0 advertise at least skew 240 and never jump INIT -> MASTER. */
  readonly suppress: number;
  suppressAdj(delta: number, reason: string, sendAll: boolean): void;
}

export class CarpIf81 implements CarpVif {
  state: CarpState = "INIT";
  sinceUs = 0;
  advskew: number;
  /** The advskew rc.conf configures, restored at every boot. */
  private readonly configuredAdvskew: number;
  readonly group: string;
  readonly vhid: number;
  readonly vip: string;
  readonly parent: string;
  readonly advbase: number;
  /** IFF_UP as the user set it (ifconfig carpN up|down). */
  private adminUp = true;
  /** The parent has link and is up (the kernel clears carpN's IFF_UP otherwise). */
  private parentOk = false;
  /** ifconfig_carpN ran at boot: vhid and address set. */
  private configured = false;
  private suppress = false;
  private readonly ad: Deadline;
  private readonly md: Deadline;

  constructor(private readonly env: CarpEnv, private readonly knobs: Carp81Knobs, m: ResolvedCarpMembership, readonly iface: string) {
    this.group = m.group;
    this.vhid = m.vhid;
    this.vip = m.address;
    this.parent = m.interface;
    this.advbase = m.advbase;
    this.advskew = m.advskew;
    this.configuredAdvskew = m.advskew;
    this.ad = new Deadline(env.engine, () => this.sendAd());
    this.md = new Deadline(env.engine, () => this.masterDown("master timed out"));
  }

  /** IFF_UP|IFF_RUNNING: configured, administratively up and the parent is usable. */
  get up(): boolean {
    return this.configured && this.adminUp && this.parentOk;
  }

  get linkState(): LinkState {
    return this.state === "MASTER" ? "up" : this.state === "BACKUP" ? "down" : "unknown";
  }

  /** rc's netif: ifconfig_carpN configures vhid, advskew and address as rc.conf says. */
  attach(): void {
    this.advskew = this.configuredAdvskew;
    this.configured = true;
    this.adminUp = true;
    this.scState();
  }

  halt(reason: string): void {
    this.ad.clear();
    this.md.clear();
    this.configured = false;
    this.parentOk = false;
    this.suppress = false;
    this.setState("INIT", reason);
  }

  /** carp_sc_state_locked: the parent's link or admin state changed. */
  scState(): void {
    if (!this.configured) return;
    if (!this.env.parentUp(this.parent)) {
      this.parentOk = false;
      this.ad.clear();
      this.md.clear();
      this.setState("INIT", "parent interface down");
      if (!this.suppress) this.knobs.suppressAdj(1, "parent interface down", true);
      this.suppress = true;
    } else {
      this.parentOk = true;
      this.setState("INIT", "parent interface up");
      this.setrun();
      if (this.suppress) this.knobs.suppressAdj(-1, "parent interface up", false);
      this.suppress = false;
    }
  }

  advertiseIfMaster(): void {
    if (this.up && this.state === "MASTER") this.sendAd();
  }

  receiveAdvert(peerAdvbase: number, peerAdvskew: number): void {
    if (!this.knobs.allow || !this.up) return;
    const ownSkewUs = skewUs(this.knobs.suppress && this.advskew < CARP_MAXSKEW ? CARP_MAXSKEW : this.advskew);
    const own = this.advbase * US_PER_S + ownSkewUs;
    const peer = peerAdvbase * US_PER_S + skewUs(peerAdvskew);
    switch (this.state) {
      case "INIT":
        return;
      case "MASTER":
        if (own >= peer) {
          this.ad.clear();
          this.setState("BACKUP", "more frequent advertisement received");
          this.setrun();
        }
        return;
      case "BACKUP":
        if (this.knobs.preempt && own < peer) return this.masterDown("preempting a slower master");
        if (3 * this.advbase * US_PER_S + ownSkewUs < peer) return this.masterDown("master timed out");
        this.setrun();
    }
  }

  /** SIOCSIFFLAGS: `ifconfig carpN down` on a MASTER sends one bow-out advertisement. */
  setAdmin(up: boolean): void {
    if (!up) {
      this.adminUp = false;
      if (this.state !== "INIT") {
        this.ad.clear();
        this.md.clear();
        if (this.state === "MASTER") this.sendAd();
        this.setState("INIT", "interface down");
        this.setrun();
      }
    } else {
      this.adminUp = true;
      if (this.state === "INIT") this.setrun();
    }
  }

  /** SIOCSVH: `ifconfig carpN advskew N` (advbase kept), then carp_setrun re-arms the timers. */
  setAdvskew(advskew: number): boolean {
    if (!Number.isInteger(advskew) || advskew < 0 || advskew >= 255) return false;
    this.advskew = advskew;
    this.setrun();
    return true;
  }

  private setrun(): void {
    if (!this.up) return;
    switch (this.state) {
      case "INIT":
        if (this.knobs.preempt && !this.knobs.suppress) {
          this.sendAd();
          this.env.announce(this);
          this.setState("MASTER", "8.1 preempt: INIT -> MASTER");
        } else {
          this.setState("BACKUP", "initialization complete");
          this.setrun();
        }
        return;
      case "BACKUP":
        this.ad.clear();
        this.md.after(masterDownUs(this.advbase, this.advskew));
        return;
      case "MASTER":
        this.ad.after(advertIntervalUs(this.advbase, this.advskew));
    }
  }

  private sendAd(): void {
    if (!this.up) {
      // Bow out: 255/255 is slower than any master-down time, so a backup takes over at once.
      this.env.sendAdvert(this, CARP_BOW_OUT, CARP_BOW_OUT);
      return;
    }
    const advskew = !this.knobs.suppress || this.advskew > CARP_MAXSKEW ? this.advskew : CARP_MAXSKEW;
    this.env.sendAdvert(this, this.advbase, advskew);
    this.ad.after(advertIntervalUs(this.advbase, advskew));
  }

  private masterDown(reason: string): void {
    if (this.state !== "BACKUP") return;
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
