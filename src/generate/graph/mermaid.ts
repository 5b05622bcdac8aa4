// renderMermaid(): a Mermaid `flowchart LR` of the lab, one subgraph per tier, VIPs as stadiums,
// replication and storage as dotted links; every label quoted, characters Mermaid dislikes escaped.

import type { EdgeKind, GraphEdge, HostNode, LabGraph, VipNode } from "./graph-types.js";
import { indexTiers, isLeftward } from "./tier-index.js";

/** Mermaid entity codes for characters that break or get interpreted inside quoted labels. */
const MERMAID_ENTITIES: Readonly<Record<string, string>> = {
  '"': "#quot;",
  "#": "#35;",
  "<": "#lt;",
  ">": "#gt;",
  "&": "#amp;",
  "|": "#124;",
  "`": "#96;",
};

/** A quoted Mermaid label; lines joined with <br/>. */
export function quoteMermaid(lines: readonly string[]): string {
  const escaped = lines.map((l) => l.replace(/\r?\n/g, " ").replace(/["#<>&|`]/g, (c) => MERMAID_ENTITIES[c] ?? c));
  return `"${escaped.join("<br/>")}"`;
}

/** Node ids Mermaid accepts everywhere: [A-Za-z0-9_], never a bare keyword, unique. */
export function buildMermaidIds(ids: readonly string[]): Map<string, string> {
  const result = new Map<string, string>();
  const taken = new Set<string>();
  for (const id of ids) {
    const base = `n_${id.replace(/[^A-Za-z0-9_]/g, "_")}`;
    let candidate = base;
    for (let i = 2; taken.has(candidate); i++) candidate = `${base}_${i}`;
    taken.add(candidate);
    result.set(id, candidate);
  }
  return result;
}

const ARROWS: Readonly<Record<EdgeKind, string>> = {
  request: "-->",
  carp: "-->",
  replication: "-.->",
  storage: "-.->",
  link: "---",
};

/** The same arrows pointing back at the first node, for edges written right to left. */
const LEFT_ARROWS: Readonly<Record<EdgeKind, string>> = {
  request: "<--",
  carp: "<--",
  replication: "<-.-",
  storage: "<-.-",
  link: "---",
};

const LINK_STYLES: Readonly<Record<EdgeKind, string>> = {
  request: "stroke:#1f2933,stroke-width:1.6px",
  carp: "stroke:#d9480f,stroke-width:1.4px",
  replication: "stroke:#6741d9,stroke-width:1.6px",
  storage: "stroke:#0b7285,stroke-width:1.4px",
  link: "stroke:#9aa5b1,stroke-width:1px",
};

function hostLines(host: HostNode): string[] {
  const carp = host.carp.map((c) => (c.preferred ? `★ ${c.group} master, skew ${c.advskew}` : `${c.group} backup, skew ${c.advskew}`));
  return [
    [host.name, ...carp].join(" · "),
    ...host.interfaces.map((i) => `${i.bundle} ${i.address} ${i.network}`),
    host.services.map((s) => s.label).join(" · "),
  ];
}

function vipLines(vip: VipNode): string[] {
  const members = vip.members.map((m) => `${m.preferred ? "★ " : ""}${m.host} skew ${m.advskew}`).join(", ");
  return [`${vip.group} VIP`, `${vip.address}/${vip.prefixLength}`, `CARP vhid ${vip.vhid} · ${vip.network}`, members];
}

/** Invisible links (~~~) from each tier to the next keep the tiers left to right; after the real links so linkStyle indexes stay theirs. */
function renderSpine(graph: LabGraph, id: (x: string) => string): string[] {
  const tiers = graph.tiers.map((t) => (t.id === "clients" && graph.clients ? [graph.clients.id] : [...t.vips, ...t.hosts]));
  const out: string[] = [];
  for (let i = 0; i + 1 < tiers.length; i++) {
    const from = tiers[i]![0];
    const to = tiers[i + 1]![0];
    if (from !== undefined && to !== undefined) out.push(`  ${id(from)} ~~~ ${id(to)}`);
  }
  return out;
}

export function renderMermaid(graph: LabGraph): string {
  const ids = buildMermaidIds([
    ...(graph.clients ? [graph.clients.id] : []),
    ...graph.vips.map((v) => v.id),
    ...graph.hosts.map((h) => h.id),
    ...graph.networks.map((n) => n.id),
    ...graph.tiers.map((t) => `tier:${t.id}`),
  ]);
  const id = (x: string): string => ids.get(x) ?? "n_unknown";
  const out = ["flowchart LR"];
  if (graph.clients) out.push(`  ${id(graph.clients.id)}([${quoteMermaid([graph.clients.label])}])`);
  for (const tier of graph.tiers) {
    if (tier.id === "clients") continue;
    out.push(`  subgraph ${id(`tier:${tier.id}`)}[${quoteMermaid([tier.label])}]`);
    for (const vipId of tier.vips) {
      const vip = graph.vips.find((v) => v.id === vipId);
      if (vip) out.push(`    ${id(vip.id)}([${quoteMermaid(vipLines(vip))}])`);
    }
    for (const hostId of tier.hosts) {
      const host = graph.hosts.find((h) => h.id === hostId);
      if (host) out.push(`    ${id(host.id)}[${quoteMermaid(hostLines(host))}]`);
    }
    out.push("  end");
  }
  for (const n of graph.networks) out.push(`  ${id(n.id)}[/${quoteMermaid([`network ${n.name}`, n.cidr])}/]`);
  const byKind = new Map<EdgeKind, number[]>();
  const tiers = indexTiers(graph);
  graph.edges.forEach((e: GraphEdge, i) => {
    // Written so the first node is the left one: networks before their hosts, storage's consumers before it.
    const reversed = e.kind === "link" || isLeftward(e, tiers);
    const [left, right] = reversed ? [e.to, e.from] : [e.from, e.to];
    out.push(`  ${id(left)} ${(reversed ? LEFT_ARROWS : ARROWS)[e.kind]}|${quoteMermaid([e.label])}| ${id(right)}`);
    byKind.set(e.kind, [...(byKind.get(e.kind) ?? []), i]);
  });
  out.push(...renderSpine(graph, id));
  for (const [kind, indexes] of byKind) out.push(`  linkStyle ${indexes.join(",")} ${LINK_STYLES[kind]}`);
  out.push("  classDef vip fill:#fff4e6,stroke:#d9480f,stroke-width:2px");
  out.push("  classDef host fill:#ffffff,stroke:#52606d");
  out.push("  classDef net fill:#f8f9fa,stroke:#9aa5b1,stroke-dasharray:4 3");
  out.push("  classDef clients fill:#e7f5ff,stroke:#1971c2");
  const classLine = (cls: string, members: readonly string[]): void => {
    if (members.length > 0) out.push(`  class ${members.map(id).join(",")} ${cls}`);
  };
  classLine("vip", graph.vips.map((v) => v.id));
  classLine("host", graph.hosts.map((h) => h.id));
  classLine("net", graph.networks.map((n) => n.id));
  classLine("clients", graph.clients ? [graph.clients.id] : []);
  return out.join("\n") + "\n";
}
