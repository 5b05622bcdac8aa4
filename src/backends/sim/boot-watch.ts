// What `up` watches while it fast-forwards the boot: per host the instant it finished booting and the
// instant its last service came up (exact times from the trace), and whether the lab
// is ready: the view healthy and every VIP held by one MASTER that owns it, unchanged long enough
// that no preemption is still pending.

import type { ResolvedLab } from "../../model/types.js";
import type { TraceEvent } from "../../sim/engine/engine.js";
import { masterDownUs } from "../../sim/carp/timing.js";
import { type Micros, US_PER_S } from "../../sim/engine/time.js";
import type { ClusterView } from "../../sim/view.js";
import type { World } from "../../sim/world/world.js";
import type { UpProgress } from "../backend.js";

interface HostBoot {
  bootedAtUs?: Micros;
  lastServiceChangeUs?: Micros;
  reported: "booting" | "booted" | "services-up";
}

/** The longest a BACKUP waits before taking over (3 x advbase + advskew/256 s), plus one advertisement. */
export function settleWindowUs(lab: ResolvedLab): Micros {
  let longest = 0;
  for (const g of lab.carp) {
    for (const m of g.members) longest = Math.max(longest, masterDownUs(g.advbase, m.advskew) + g.advbase * US_PER_S);
  }
  return longest;
}

/** "www=proxy01 solr=app01 ..." when every VIP has exactly one MASTER owning it; undefined otherwise. */
export function mastersSignature(view: ClusterView): string | undefined {
  const parts: string[] = [];
  for (const vip of view.vips) {
    const masters = vip.members.filter((m) => m.state === "MASTER");
    if (masters.length !== 1 || vip.owner === undefined || masters[0]!.host !== vip.owner) return undefined;
    parts.push(`${vip.group}=${vip.owner}`);
  }
  return parts.join(" ");
}

/** What is not healthy yet, for the error when the boot never settles. */
export function describeUnhealthy(view: ClusterView): string {
  const problems: string[] = [];
  for (const h of view.hosts) {
    if (h.power !== "running") problems.push(`${h.name} ${h.power}`);
    else for (const s of h.services) if (s.state !== "running") problems.push(`${h.name} ${s.name} ${s.state}`);
  }
  for (const v of view.vips) {
    const masters = v.members.filter((m) => m.state === "MASTER").map((m) => m.host);
    if (v.owner === undefined) problems.push(`${v.group} ${v.vip} has no owner`);
    else if (masters.length !== 1) problems.push(`${v.group} ${v.vip} has ${masters.length} MASTERs (${masters.join(", ") || "none"})`);
  }
  return problems.join("; ") || "the CARP masters kept changing";
}

export class BootWatch {
  private readonly hosts = new Map<string, HostBoot>();
  private stableSignature: string | undefined;
  private stableSinceUs: Micros = 0;

  constructor(private readonly world: World, private readonly settleUs: Micros) {
    for (const h of world.lab.hosts) this.hosts.set(h.name, { reported: "booting" });
  }

  /** Feeds the trace's state events: the exact instants of boots and service changes. */
  observe(event: TraceEvent): void {
    if (event.type !== "host.state" && event.type !== "service.state") return;
    const boot = this.hosts.get(String(event.host));
    if (!boot) return;
    if (event.type === "host.state" && event.to === "running") boot.bootedAtUs = event.t;
    if (event.type === "service.state") boot.lastServiceChangeUs = event.t;
  }

  /** The "booting" progress of every host (in the lab's order). */
  start(): UpProgress[] {
    return this.world.lab.hosts.map((h) => ({ host: h.name, stage: "booting", t: this.world.engine.now }));
  }

  /** Progress reached since the last call, in the view's host order, with the exact instants. */
  progress(view: ClusterView): UpProgress[] {
    const out: UpProgress[] = [];
    for (const h of view.hosts) {
      const boot = this.hosts.get(h.name);
      if (!boot || h.power !== "running") continue;
      if (boot.reported === "booting") {
        boot.reported = "booted";
        out.push({ host: h.name, stage: "booted", t: boot.bootedAtUs ?? Math.round(view.timeS * US_PER_S) });
      }
      if (boot.reported === "booted" && h.services.every((s) => s.state === "running")) {
        boot.reported = "services-up";
        out.push({ host: h.name, stage: "services-up", t: Math.max(boot.lastServiceChangeUs ?? 0, boot.bootedAtUs ?? 0) });
      }
    }
    return out;
  }

  /** Healthy, one owning MASTER per VIP, and the same masters for the settle window. */
  ready(view: ClusterView, nowUs: Micros): boolean {
    const signature = view.healthy ? mastersSignature(view) : undefined;
    if (signature === undefined || signature !== this.stableSignature) {
      this.stableSignature = signature;
      this.stableSinceUs = nowUs;
      return false;
    }
    return nowUs - this.stableSinceUs >= this.settleUs;
  }
}
