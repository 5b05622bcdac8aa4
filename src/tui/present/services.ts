// The wide screen's services panel: every host's services in one row, coloured by state (running,
// starting, stopped, crashed, hung), hosts tier by tier.

import type { ClusterView } from "../../sim/view.js";
import { seg, wrapTokens, type Line } from "../text/line.js";
import { HOST_COLOR, hostHealthOf } from "./colors.js";
import { serviceToken } from "./host-detail.js";
import { pad, panelOf, titleLine } from "./panel.js";
import { tiersOf } from "./tiers.js";

export function servicesLines(view: ClusterView, selected: string | undefined, width: number, height: number): Line[] {
  const rows: Line[] = [];
  let keep = 0;
  for (const host of tiersOf(view).flatMap((t) => t.hosts)) {
    if (host.name === selected) keep = rows.length;
    const name = seg(pad(host.name, 9), { fg: HOST_COLOR[hostHealthOf(host)], bold: host.name === selected });
    const tokens: Line[] = host.power === "off" ? [[seg("off", { fg: "red" })]] : host.services.map(serviceToken);
    const wrapped = wrapTokens(tokens, Math.max(10, width - 9), "");
    wrapped.forEach((w, i) => rows.push([i === 0 ? name : seg(" ".repeat(9)), ...w]));
  }
  const broken = view.hosts.flatMap((h) => (h.power === "running" ? h.services : [])).filter((s) => s.state !== "running").length;
  return panelOf(titleLine("SERVICES", [seg(broken === 0 ? "all running" : `${broken} not running`, { fg: broken === 0 ? "green" : "red" })]), rows, width, height, keep);
}
