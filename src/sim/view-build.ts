// Builds the ClusterView of a running simulation: hosts (power, NICs, LAGGs, services, disks), VIPs
// with their owner and member states, backend health, databases, storage, traffic and failovers.

import type { ResolvedLab } from "../model/types.js";
import type { Engine } from "./engine/engine.js";
import { toSeconds } from "./engine/time.js";
import type { ServicesPlane } from "./services/plane.js";
import { FAILOVER_COST_SETTLE_US, type SummaryCollector } from "./summary.js";
import type { ClusterView, FailoverView, HostView, VipView } from "./view.js";
import type { World } from "./world/world.js";

function hostView(world: World, name: string): HostView {
  const h = world.host(name);
  const spec = h.spec;
  const nics = spec.nics.map((n) => ({
    name: n.name,
    link: h.net.nics.get(n.name)?.link === "up" ? ("up" as const) : ("down" as const),
    ...(n.lagg ? { lagg: n.lagg } : {}),
  }));
  const laggs = spec.laggs.map((l) => {
    const live = h.net.laggs.get(l.name);
    const active = live ? [...live.portState.entries()].filter(([, s]) => s === "active").map(([p]) => p) : [];
    return { name: l.name, protocol: l.protocol, active, ports: l.ports, up: live?.state === "up" };
  });
  const services = spec.services.map((s) => ({ name: s.kind as string, state: h.state === "off" ? ("stopped" as const) : (h.services.get(s.kind)?.state ?? "stopped") }));
  const disks = spec.pools.flatMap((p) => [...p.vdevs, ...(p.log ? [p.log] : [])].flatMap((v) => v.devices));
  return { name, role: spec.role, power: h.state, nics, laggs, services, disks, pools: spec.pools.map((p) => p.name) };
}

function vipViews(lab: ResolvedLab, world: World): VipView[] {
  const states = world.carpView();
  return lab.carp.map((g) => {
    const owner = world.vipOwner(g.name);
    return {
      group: g.name, vip: g.address, vhid: g.vhid,
      ...(owner === undefined ? {} : { owner }),
      members: g.members.map((m) => ({ host: m.host, state: world.host(m.host).state === "off" ? ("DOWN" as const) : (states.find((s) => s.group === g.name && s.host === m.host)?.state ?? "INIT") })),
    };
  });
}

export function buildClusterView(lab: ResolvedLab, engine: Engine, world: World, plane: ServicesPlane | undefined, collector: SummaryCollector): ClusterView {
  const hosts = lab.hosts.map((h) => hostView(world, h.name));
  const vips = vipViews(lab, world);
  const failovers: FailoverView[] = collector.allFailovers().map(({ group, vip, failover }) => {
    const f = collector.costed(failover, engine.now);
    return {
      group, vip, from: f.from, to: f.to, atS: f.atS,
      ...(f.takeoverS === undefined ? {} : { takeoverS: f.takeoverS }),
      ...(f.fault === undefined ? {} : { fault: f.fault }),
      ...(f.failedRequests === undefined ? {} : { failedRequests: f.failedRequests, costFinal: engine.now >= Math.round(f.atS * 1e6) + FAILOVER_COST_SETTLE_US }),
    };
  });
  const storage = plane?.storage?.view() ?? { pools: [], pairs: [] };
  const healthy =
    hosts.every((h) => h.power === "running" && h.services.every((s) => s.state === "running")) &&
    vips.every((v) => v.owner !== undefined && v.members.some((m) => m.state === "MASTER"));
  return {
    lab: lab.name, release: lab.release, timeS: toSeconds(engine.now),
    hosts, vips,
    backends: plane?.web?.view() ?? { haproxy: [], varnish: [] },
    databases: plane?.db?.view() ?? [],
    storage,
    traffic: plane?.trafficView() ?? { requestsPerS: 0, errorRatePercent: 0, targetPercent: lab.requirements.uptimePercent, series: [], failuresByCause: {} },
    failovers,
    healthy,
  };
}
