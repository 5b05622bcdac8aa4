// renderDot(): Graphviz DOT of the lab, rankdir=LR, one cluster per tier, VIPs as double ellipses,
// replication and storage dashed, links to the networks as thin undirected grey edges.

import type { EdgeKind, GraphEdge, HostNode, LabGraph, VipNode } from "./graph-types.js";
import { indexTiers, isCarpLoop, isLeftward } from "./tier-index.js";

/** A DOT double-quoted string; `\n` in text becomes a centred line break. */
export function quoteDot(text: string): string {
  const escaped = text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, "\\n");
  return `"${escaped}"`;
}

/** Left-justified multi-line label: each line ends with DOT's `\l`. */
function leftLines(lines: readonly string[]): string {
  const escaped = lines.map((l) => l.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\r?\n/g, " "));
  return `"${escaped.join("\\l")}\\l"`;
}

function attrs(pairs: Readonly<Record<string, string>>): string {
  return `[${Object.entries(pairs).map(([k, v]) => `${k}=${v}`).join(", ")}]`;
}

const EDGE_ATTRS: Readonly<Record<EdgeKind, Readonly<Record<string, string>>>> = {
  request: { color: '"#1f2933"', penwidth: "1.4" },
  carp: { color: '"#d9480f"' },
  replication: { color: '"#6741d9"', style: "dashed", penwidth: "1.4" },
  storage: { color: '"#0b7285"', style: "dashed" },
  link: { color: '"#9aa5b1"', dir: "none", fontcolor: '"#616e7c"', fontsize: "8" },
};

function hostLabel(host: HostNode): string {
  const carp = host.carp.map((c) => (c.preferred ? `★ ${c.group} master (skew ${c.advskew})` : `${c.group} backup (skew ${c.advskew})`));
  const title = [host.name, ...carp].join("  ");
  const interfaces = host.interfaces.map((i) => `${i.bundle}  ${i.address}/${i.prefixLength} ${i.network}`);
  return leftLines([title, ...interfaces, host.services.map((s) => s.label).join(" · ")]);
}

function vipLabel(vip: VipNode): string {
  const members = vip.members.map((m) => `${m.preferred ? "★ " : ""}${m.host} skew ${m.advskew}`).join(", ");
  return quoteDot(`${vip.group} VIP\n${vip.address}/${vip.prefixLength}\nCARP vhid ${vip.vhid} · ${vip.network}\n${members}`);
}

function renderEdge(e: GraphEdge, graph: LabGraph, index: ReadonlyMap<string, number>): string {
  // Networks rank just left of the hosts that use them; leftward edges are written reversed with dir=back.
  const backwards = e.kind === "link" || isLeftward(e, index);
  const extra: Record<string, string> = {};
  if (backwards && e.kind !== "link") extra["dir"] = "back";
  if (isCarpLoop(e, graph)) extra["constraint"] = "false";
  const [tail, head] = backwards ? [e.to, e.from] : [e.from, e.to];
  const label: Record<string, string> = { label: quoteDot(e.label) };
  return `  ${quoteDot(tail)} -> ${quoteDot(head)} ${attrs({ ...label, ...EDGE_ATTRS[e.kind], ...extra })};`;
}

/** Invisible edges from each tier to the next keep the tiers left to right even where no real edge does. */
function renderSpine(graph: LabGraph): string[] {
  const tiers = graph.tiers.map((t) => (t.id === "clients" && graph.clients ? [graph.clients.id] : [...t.vips, ...t.hosts]));
  const out: string[] = [];
  for (let i = 0; i + 1 < tiers.length; i++) {
    const from = tiers[i]![0];
    for (const to of tiers[i + 1]!) if (from !== undefined) out.push(`  ${quoteDot(from)} -> ${quoteDot(to)} [style=invis, weight=0];`);
  }
  return out;
}

export function renderDot(graph: LabGraph): string {
  const out: string[] = [`digraph ${quoteDot(graph.name)} {`];
  out.push(`  graph ${attrs({
    rankdir: "LR", label: quoteDot(`${graph.title}\n${graph.description}`), labelloc: "t", labeljust: "l",
    fontname: "Helvetica", fontsize: "16", nodesep: "0.4", ranksep: "0.8", newrank: "true",
  })};`);
  out.push(`  node ${attrs({ fontname: "Helvetica", fontsize: "10", shape: "box", style: '"rounded,filled"', fillcolor: '"#ffffff"', color: '"#52606d"' })};`);
  out.push(`  edge ${attrs({ fontname: "Helvetica", fontsize: "9" })};`);
  if (graph.clients) {
    out.push(`  ${quoteDot(graph.clients.id)} ${attrs({ label: quoteDot(graph.clients.label), shape: "oval", fillcolor: '"#e7f5ff"', color: '"#1971c2"' })};`);
  }
  for (const tier of graph.tiers) {
    if (tier.id === "clients") continue;
    out.push(`  subgraph ${quoteDot(`cluster_${tier.id}`)} {`);
    out.push(`    graph ${attrs({ label: quoteDot(tier.label), style: '"rounded,filled"', fillcolor: '"#f3f5f8"', color: '"#c3cad3"', fontname: '"Helvetica-Bold"', fontsize: "12" })};`);
    for (const id of tier.vips) {
      const vip = graph.vips.find((v) => v.id === id);
      if (vip) out.push(`    ${quoteDot(vip.id)} ${attrs({ label: vipLabel(vip), shape: "ellipse", peripheries: "2", fillcolor: '"#fff4e6"', color: '"#d9480f"' })};`);
    }
    for (const id of tier.hosts) {
      const host = graph.hosts.find((h) => h.id === id);
      if (host) out.push(`    ${quoteDot(host.id)} ${attrs({ label: hostLabel(host) })};`);
    }
    out.push("  }");
  }
  for (const n of graph.networks) {
    out.push(`  ${quoteDot(n.id)} ${attrs({ label: quoteDot(`network ${n.name}\n${n.cidr}`), shape: "box", style: '"dashed"', color: '"#9aa5b1"' })};`);
  }
  const index = indexTiers(graph);
  for (const e of graph.edges) out.push(renderEdge(e, graph, index));
  out.push(...renderSpine(graph));
  out.push("}");
  return out.join("\n") + "\n";
}
