// The selected host's panel: power, each LAGG with its ports, lone NICs, services (up, down, hung),
// CARP roles, what HAProxy and Varnish on it think of their backends, its MySQL and its disks and pools.

import type { ClusterView, HostView } from "../../sim/view.js";
import { seg, wrapTokens, type Line } from "../text/line.js";
import { HOST_COLOR, SERVICE_COLOR, dbRoleColor, hostHealthOf, linkColor, poolColor } from "./colors.js";
import { haproxySummary, varnishSummary } from "./backends.js";
import { pad, panelOf, titleLine } from "./panel.js";
import { carpRoles } from "./topology.js";

/** A service as a token: its name in its state's colour, with the state spelled out unless running. */
export function serviceToken(service: HostView["services"][number]): Line {
  const color = SERVICE_COLOR[service.state];
  return service.state === "running" ? [seg(service.name, { fg: color })] : [seg(`${service.name}:${service.state}`, { fg: color, bold: true })];
}

function linkRows(host: HostView): Line[] {
  const rows: Line[] = [];
  for (const lagg of host.laggs) {
    const ports = lagg.ports.flatMap((p): Line => {
      const nic = host.nics.find((n) => n.name === p);
      const up = nic?.link === "up";
      const active = lagg.active.includes(p);
      return [seg(` ${p} `), seg(up ? (active ? "●" : "◐") : "○", { fg: !up ? "red" : active ? "green" : "yellow" })];
    });
    rows.push([seg(pad(lagg.name, 6)), seg(pad(lagg.protocol, 9)), seg(lagg.up ? "up  " : "down", { fg: linkColor(lagg.up) }), ...ports]);
  }
  const lone = host.nics.filter((n) => n.lagg === undefined);
  if (lone.length > 0) rows.push(lone.flatMap((n): Line => [seg(`${n.name} `), seg(n.link, { fg: linkColor(n.link === "up") }), seg(" ")]));
  return rows;
}

function storageRows(view: ClusterView, host: HostView, width: number): Line[] {
  const pools = view.storage.pools.filter((p) => p.host === host.name);
  const failed = new Set(pools.flatMap((p) => p.failedDisks));
  const rows: Line[] = [];
  if (host.disks.length > 0) {
    const tokens = host.disks.map((d): Line => [seg(d, { fg: failed.has(d) ? "red" : undefined, bold: failed.has(d) })]);
    rows.push(...wrapTokens([[seg("disks", { fg: "gray" })], ...tokens], width, "      "));
  }
  for (const name of host.pools) {
    const pool = pools.find((p) => p.pool === name);
    rows.push(pool
      ? [seg(`pool ${name} `), seg(pool.state, { fg: poolColor(pool.state), bold: true }), seg(pool.full ? " full" : "", { fg: "red" }), seg(pool.scan ? ` ${pool.scan}` : "", { fg: "gray" })]
      : [seg(`pool ${name}`)]);
  }
  return rows;
}

function mysqlRows(view: ClusterView, host: string): Line[] {
  const rows: Line[] = [];
  for (const pair of view.databases) {
    const s = pair.servers.find((x) => x.host === host);
    if (!s) continue;
    rows.push([seg(`mysql ${pair.pair} `), seg(s.role, { fg: dbRoleColor(s.role), bold: true }), seg(s.readOnly ? " read_only" : " writable", { fg: s.readOnly ? "gray" : "green" })]);
  }
  return rows;
}

export function hostDetailLines(view: ClusterView, selected: string | undefined, width: number, height: number): Line[] {
  const host = view.hosts.find((h) => h.name === selected);
  if (!host) return panelOf(titleLine("HOST"), [[seg("no host selected (↑/↓ select one)", { fg: "gray" })]], width, height);
  const health = hostHealthOf(host);
  const title = titleLine(`HOST ${host.name}`, [seg(`${host.role} · `), seg(`${host.power}${health === "degraded" ? ", degraded" : ""}`, { fg: HOST_COLOR[health], bold: true })]);
  if (host.power === "off") return panelOf(title, [[seg("powered off: h heals, f offers power-on", { fg: "gray" })]], width, height);
  const rows: Line[] = [...linkRows(host)];
  rows.push(...wrapTokens(host.services.map(serviceToken), width));
  const roles = carpRoles(view, host.name);
  if (roles.length > 0) rows.push([seg("carp ", { fg: "gray" }), ...roles]);
  const haproxy = view.backends.haproxy.find((b) => b.host === host.name);
  const varnish = view.backends.varnish.find((b) => b.host === host.name);
  if (haproxy || varnish) rows.push([...(haproxy ? haproxySummary(haproxy) : []), seg(haproxy && varnish ? "  " : ""), ...(varnish ? varnishSummary(varnish) : [])]);
  rows.push(...mysqlRows(view, host.name));
  rows.push(...storageRows(view, host, width));
  return panelOf(title, rows, width, height);
}
