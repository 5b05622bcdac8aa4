// A host's power and rc: power on -> "booting"; after the kernel, rc brings up the network (links,
// LAGGs, CARP INIT -> BACKUP), loads pf, starts pfsync, the services and ifstated last, and the host
// is "running". Power off and crash stop everything at once (no advertisement, no bow-out: FreeBSD
// does not run netif stop at shutdown); reboot is a clean shutdown followed by power on.

import { OWN_STAGE } from "./services.js";
import type { HostDaemon } from "./world-context.js";
import type { SimHost } from "./sim-host.js";

export type PowerState = "off" | "booting" | "running";

/** rc.d/sysctl (before netif): the generated /etc/sysctl.conf; without one, the lab's preempt. */
function applySysctlConf(h: SimHost): void {
  const text = h.file("/etc/sysctl.conf");
  if (text === undefined) {
    if (h.spec.carp.length) h.sysctl("net.inet.carp.preempt", h.spec.carpPreempt ? 1 : 0);
    return;
  }
  for (const line of text.split("\n")) {
    const m = /^\s*([a-z0-9_.]+)\s*=\s*(-?\d+)\s*(?:#.*)?$/.exec(line);
    if (m) h.sysctl(m[1]!, Number(m[2]));
  }
}

export class HostPower {
  state: PowerState = "off";
  /** rc's netif ran and the host is on: interfaces and CARP are live. */
  netUp = false;
  private generation = 0;
  private daemonsRunning = false;
  /** Fault actions given while the host was still booting: after netif, and after rc finished. */
  private pending: (() => void)[] = [];
  private pendingBooted: (() => void)[] = [];
  /** Switched on later at the lab's start: fault actions given before then wait for the boot too. */
  private poweringOn = false;

  constructor(private readonly host: SimHost) {}

  /** The lab's start will switch this host on shortly (hosts are switched on one after another). */
  expectPowerOn(): void {
    if (this.state === "off") this.poweringOn = true;
  }

  powerOn(reason: string): void {
    this.poweringOn = false;
    if (this.state !== "off") return;
    const h = this.host;
    const gen = ++this.generation;
    this.setState("booting", reason);
    h.carp.reset(false);
    const t0 = h.engine.now;
    const tm = h.world.timings;
    const stage = (offsetUs: number, run: () => void) =>
      h.engine.at(t0 + offsetUs, () => {
        if (this.generation === gen) run();
      });
    stage(tm.networkUs, () => {
      applySysctlConf(h);
      this.netUp = true;
      h.net.setPowered(true, "rc: netif");
      h.carp.attach();
      const pending = this.pending;
      this.pending = [];
      for (const run of pending) run();
    });
    stage(tm.pfUs, () => {
      h.pf.loaded = true;
      h.services.set("pf", "running", "rc: pf loaded");
    });
    stage(tm.pfsyncUs, () => {
      h.pfsync?.start();
      h.services.set("pfsync", "running", "rc: pfsync up");
    });
    stage(tm.servicesStartUs, () => this.forServices((name) => h.services.set(name, "starting", "rc: start")));
    stage(tm.servicesRunningUs, () => this.forServices((name) => {
      if (h.services.get(name)?.state === "starting") h.services.set(name, "running", "rc: started");
    }));
    stage(tm.ifstatedUs, () => {
      h.services.set("ifstated", "running", "rc: started");
      this.startDaemons();
      this.setState("running", "boot complete");
      const pending = this.pendingBooted;
      this.pendingBooted = [];
      for (const run of pending) run();
    });
  }

  /**
   * Runs a fault's action on the live kernel: now when the network is up, after rc's netif (and
   * sysctl.conf) when the host is still booting, never when it is off. So "0s: sysctl ..." holds.
   */
  whenUp(run: () => void): void {
    if (this.netUp) run();
    else if (this.state === "booting" || this.poweringOn) this.pending.push(run);
  }

  /** Like whenUp, for faults on what rc starts (services): once the boot is complete. */
  whenBooted(run: () => void): void {
    if (this.state === "running") run();
    else if (this.state === "booting" || this.poweringOn) this.pendingBooted.push(run);
  }

  /** Power off, crash or the first half of a reboot: everything stops at once. */
  halt(reason: string): void {
    this.poweringOn = false;
    if (this.state === "off") return;
    const h = this.host;
    this.generation++;
    this.pending = [];
    this.pendingBooted = [];
    this.stopDaemons();
    for (const name of h.services.names()) h.services.set(name, "stopped", reason);
    h.pfsync?.stop(false);
    h.states.clear();
    h.pf.loaded = false;
    h.carp.halt(reason);
    this.netUp = false;
    h.net.stopTimers();
    h.net.setPowered(false, reason);
    this.setState("off", reason);
  }

  /**
   * A service fault's effect on the parts behind it: ifstated's daemons stop and start with it; pf
   * stopped is `pfctl -d` (nothing is filtered); pfsync stopped cancels a pending bulk update.
   */
  serviceChanged(name: string, running: boolean): void {
    const h = this.host;
    if (name === "ifstated") {
      if (running && this.state === "running") this.startDaemons();
      else if (!running) this.stopDaemons();
    } else if (name === "pf") {
      h.pf.loaded = running && this.netUp;
    } else if (name === "pfsync" && h.pfsync) {
      if (running && this.netUp) h.pfsync.start();
      else if (!running) h.pfsync.stop(true);
    }
  }

  /** Routing-socket delivery of a link change to the running daemons, right after the change. */
  notifyLink(iface: string): void {
    if (!this.daemonsRunning) return;
    const gen = this.generation;
    this.host.engine.after(0, () => {
      if (this.generation !== gen || !this.daemonsRunning) return;
      for (const d of this.host.daemons) d.linkChanged(iface);
    });
  }

  private forServices(run: (name: string) => void): void {
    for (const name of this.host.services.names()) if (!OWN_STAGE.has(name)) run(name);
  }

  private startDaemons(): void {
    if (this.daemonsRunning) return;
    this.daemonsRunning = true;
    for (const d of this.host.daemons as readonly HostDaemon[]) d.start();
  }

  private stopDaemons(): void {
    if (!this.daemonsRunning) return;
    this.daemonsRunning = false;
    for (const d of this.host.daemons) d.stop();
  }

  private setState(to: PowerState, reason: string): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    this.host.engine.emit({ type: "host.state", host: this.host.hostName, from, to, reason });
    this.host.world.notify({ type: "power", host: this.host.hostName, from, to });
  }
}
