// The topology panel: hosts tier by tier, each coloured by its state, its LAGG members as dots, and
// for every CARP group it is in, whether it is MASTER or BACKUP; then each VIP and who answers for it.

import type { ClusterView, HostView, VipView } from "../../sim/view.js";
import { seg, type Line, type Seg } from "../text/line.js";
import { CARP_COLOR, HOST_COLOR, hostHealthOf } from "./colors.js";
import { pad, panelOf, titleLine } from "./panel.js";
import { tiersOf } from "./tiers.js";

// Short words so that a host row fits the left half of an 80-column screen; the colour says it too.
const HEALTH_WORD = { up: "up", degraded: "degr.", booting: "boot", off: "OFF" } as const;
const TIER_LABEL: Readonly<Record<string, string>> = { storage: "stor" };

export function tierLabel(role: string): string {
  return (TIER_LABEL[role] ?? role).slice(0, 5);
}

/** One dot per LAGG port: green active, yellow link up but not in use, red link down. */
export function laggDots(host: HostView): Line {
  const out: Seg[] = [];
  for (const lagg of host.laggs) {
    if (out.length > 0) out.push(seg(" "));
    for (const port of lagg.ports) {
      const nic = host.nics.find((n) => n.name === port);
      const linkUp = nic?.link === "up";
      const active = lagg.active.includes(port);
      out.push(seg(linkUp ? "●" : "○", { fg: !linkUp ? "red" : active ? "green" : "yellow" }));
    }
  }
  return out;
}

/** "www MASTER" for every CARP group the host is a member of. */
export function carpRoles(view: ClusterView, host: string): Line {
  const out: Seg[] = [];
  for (const vip of view.vips) {
    const member = vip.members.find((m) => m.host === host);
    if (!member) continue;
    if (out.length > 0) out.push(seg(" "));
    out.push(seg(`${vip.group} `), seg(member.state, { fg: CARP_COLOR[member.state], bold: member.state === "MASTER" }));
  }
  return out;
}

export function hostRow(view: ClusterView, host: HostView, selected: boolean, tierLabel: string): Line {
  const health = hostHealthOf(host);
  const color = HOST_COLOR[health];
  return [
    seg(tierLabel, { fg: "gray" }),
    seg(selected ? "▸" : " ", { bold: true }),
    seg(pad(host.name, 8), { fg: color, bold: true, inverse: selected }),
    seg(" "),
    seg(pad(HEALTH_WORD[health], 6), { fg: color, bold: health !== "up" }),
    ...laggDots(host),
    seg("  "),
    ...carpRoles(view, host.name),
  ];
}

export function vipRow(vip: VipView, labelWidth: number): Line {
  const owner: Seg = vip.owner ? seg(vip.owner, { fg: "green", bold: true }) : seg("no owner", { fg: "red", bold: true });
  return [seg(pad(vip.group, labelWidth), { fg: "gray" }), seg(" "), seg(pad(vip.vip, 15)), seg(" -> "), owner];
}

export function topologyLines(view: ClusterView, selected: string | undefined, width: number, height: number): Line[] {
  const tiers = tiersOf(view);
  const labelWidth = Math.max(0, ...tiers.map((t) => tierLabel(t.role).length));
  const rows: Line[] = [];
  let keep = 0;
  for (const tier of tiers) {
    tier.hosts.forEach((h, i) => {
      if (h.name === selected) keep = rows.length;
      rows.push(hostRow(view, h, h.name === selected, pad(i === 0 ? tierLabel(tier.role) : "", labelWidth)));
    });
  }
  for (const vip of view.vips) rows.push(vipRow(vip, labelWidth));
  const up = view.hosts.filter((h) => hostHealthOf(h) === "up").length;
  return panelOf(titleLine("TOPOLOGY", [seg(`${up}/${view.hosts.length} hosts up`, { fg: up === view.hosts.length ? "green" : "yellow" })]), rows, width, height, keep);
}
