// renderAscii(): the lab as a terminal picture (<= 120 columns): tiers as columns of boxes, each
// tier's VIPs above its hosts, then the request chains, replication, storage and networks in words.

import { describeChain } from "./graph-chains.js";
import type { GraphTier, HostNode, LabGraph, VipNode } from "./graph-types.js";
import { center, columns, drawBox, padEnd, wrapLine } from "./ascii-text.js";

export const ASCII_MAX_COLUMNS = 120;
/** "clients ──▶ " before the first tier; the other tiers are GAP_WIDTH apart (" ─▶ " when a request crosses). */
const CLIENTS_WIDTH = 12;
const GAP_WIDTH = 4;
const MIN_BOX = 20;
const MAX_BOX = 30;

function hostLines(host: HostNode): string[] {
  const carp = host.carp.map((c) => (c.preferred ? `★${c.group}` : `(${c.group})`)).join(" ");
  const lines = [carp === "" ? host.name : `${host.name} ${carp}`];
  for (const i of host.interfaces) {
    lines.push(i.bundle, ` ${i.address} ${i.network}`);
  }
  const listening = host.services.filter((s) => s.ports !== "").map((s) => s.label);
  const plain = host.services.filter((s) => s.ports === "").map((s) => s.kind);
  lines.push(...listening);
  if (plain.length > 0) lines.push(plain.join(" "));
  return lines;
}

function vipLines(vip: VipNode): string[] {
  const members = vip.members.map((m) => `${m.preferred ? "★" : " "} ${m.host} skew ${m.advskew}`);
  return [`VIP ${vip.group} ${vip.address}`, `vhid ${vip.vhid} on ${vip.network}`, ...members];
}

interface Column {
  readonly tier: GraphTier;
  /** Rows above the hosts (the VIP boxes). */
  readonly top: string[];
  readonly hosts: string[];
  /** Row, within `top`, of the first VIP's middle line; undefined without VIPs. */
  readonly vipRow?: number;
}

/** Box width: the longest content line, kept so that all columns fit in ASCII_MAX_COLUMNS. */
function chooseBoxWidth(graph: LabGraph, tierCount: number): number {
  const content = [...graph.hosts.flatMap(hostLines), ...graph.vips.flatMap(vipLines)];
  const wanted = Math.max(MIN_BOX, ...content.map((l) => columns(l) + 4));
  const fits = Math.floor((ASCII_MAX_COLUMNS - CLIENTS_WIDTH - GAP_WIDTH * Math.max(0, tierCount - 1)) / Math.max(1, tierCount));
  return Math.max(12, Math.min(wanted, MAX_BOX, fits));
}

function buildColumn(graph: LabGraph, tier: GraphTier, width: number): Column {
  const top: string[] = [];
  let vipRow: number | undefined;
  for (const id of tier.vips) {
    const vip = graph.vips.find((v) => v.id === id);
    if (!vip) continue;
    const box = drawBox(vipLines(vip), width, "round");
    vipRow ??= top.length + 1;
    top.push(...box);
  }
  const hosts: string[] = [];
  for (const id of tier.hosts) {
    const host = graph.hosts.find((h) => h.id === id);
    if (host) hosts.push(...drawBox(hostLines(host), width, "square"));
  }
  return { tier, top, hosts, ...(vipRow !== undefined ? { vipRow } : {}) };
}

/** Which column each request edge goes to from the column before it, by target tier. */
function requestTargets(graph: LabGraph): Map<string, "vip" | "host"> {
  const tierOf = new Map<string, string>([...graph.hosts.map((h) => [h.id, h.tier] as const), ...graph.vips.map((v) => [v.id, v.tier] as const)]);
  if (graph.clients) tierOf.set(graph.clients.id, "clients");
  const order = graph.tiers.map((t) => t.id as string);
  const targets = new Map<string, "vip" | "host">();
  for (const e of graph.edges.filter((x) => x.kind === "request")) {
    const from = order.indexOf(tierOf.get(e.from) ?? "");
    const to = order.indexOf(tierOf.get(e.to) ?? "");
    if (to !== from + 1) continue;
    const kind = e.to.startsWith("vip:") ? "vip" : "host";
    if (targets.get(order[to]!) !== "vip") targets.set(order[to]!, kind);
  }
  return targets;
}

function renderColumns(graph: LabGraph): string[] {
  const tiers = graph.tiers.filter((t) => t.id !== "clients");
  const width = chooseBoxWidth(graph, tiers.length);
  const cols = tiers.map((t) => buildColumn(graph, t, width));
  const topHeight = Math.max(0, ...cols.map((c) => c.top.length));
  const height = topHeight + Math.max(0, ...cols.map((c) => c.hosts.length));
  const targets = requestTargets(graph);
  const arrowRow = (c: Column): number | undefined => {
    const kind = targets.get(c.tier.id);
    if (kind === "vip" && c.vipRow !== undefined) return topHeight - c.top.length + c.vipRow;
    return kind ? topHeight + 1 : undefined;
  };
  const heading = cols.map((c, i) => (i === 0 ? "" : " ".repeat(GAP_WIDTH)) + center(c.tier.label.toUpperCase(), width));
  const rows: string[] = [(padEnd(graph.clients ? "CLIENTS" : "", CLIENTS_WIDTH) + heading.join("")).trimEnd()];
  for (let r = 0; r < height; r++) {
    let line = "";
    cols.forEach((c, i) => {
      const cell = r < topHeight ? c.top[r - (topHeight - c.top.length)] : c.hosts[r - topHeight];
      const arrow = arrowRow(c) === r;
      if (i === 0) line += graph.clients && arrow ? "clients ──▶ " : " ".repeat(CLIENTS_WIDTH);
      else line += arrow ? " ─▶ " : " ".repeat(GAP_WIDTH);
      line += padEnd(cell ?? "", width);
    });
    rows.push(line.trimEnd());
  }
  return rows;
}

function section(title: string, items: readonly string[]): string[] {
  if (items.length === 0) return [];
  return ["", title, ...items.flatMap((i) => wrapLine(`  ${i}`, ASCII_MAX_COLUMNS, "    "))];
}

function nameOf(id: string): string {
  return id.slice(id.indexOf(":") + 1);
}

/** Edges of one kind per pair, labels aligned: "stor01 ┄┄▶ app01  NFS tank/solr → /var/db/solr" then more labels below. */
function listEdges(graph: LabGraph, kind: "replication" | "storage"): string[] {
  const arrow = kind === "storage" ? "┄┄▶" : "══▶";
  const byPair = new Map<string, string[]>();
  for (const e of graph.edges.filter((x) => x.kind === kind)) {
    const pair = `${nameOf(e.from)} ${arrow} ${nameOf(e.to)}`;
    byPair.set(pair, [...(byPair.get(pair) ?? []), e.label]);
  }
  const width = Math.max(0, ...[...byPair.keys()].map(columns)) + 2;
  return [...byPair].flatMap(([pair, labels]) => labels.map((label, i) => padEnd(i === 0 ? pair : "", width) + label));
}

function renderLists(graph: LabGraph): string[] {
  return [
    ...section("Request chains", graph.chains.map((c) => `${c.name}: ${describeChain(c)}`)),
    ...section("Replication", listEdges(graph, "replication")),
    ...section("Storage", listEdges(graph, "storage")),
    ...section("Networks", [graph.networks.map((n) => `${n.name} ${n.cidr}`).join(" · ")]),
    "",
    "Legend: ★grp preferred CARP master (lowest advskew)  (grp) CARP backup  ─▶ request  ══▶ replication  ┄┄▶ storage",
  ];
}

export function renderAscii(graph: LabGraph): string {
  const lines = [graph.title, ...wrapLine(graph.description, ASCII_MAX_COLUMNS), "", ...renderColumns(graph), ...renderLists(graph)];
  return lines.map((l) => l.trimEnd()).join("\n") + "\n";
}
