// The edges the SVG draws: links to networks left out (hosts list their interfaces), parallel edges
// of one kind merged into one with compact labels, repeated request labels shown once, CARP edges
// unlabelled (host badges carry master/backup and advskew).

import type { EdgeKind, GraphEdge, LabGraph } from "./graph-types.js";

export interface DrawnEdge {
  readonly id: string;
  readonly kind: Exclude<EdgeKind, "link">;
  readonly from: string;
  readonly to: string;
  readonly labelLines: readonly string[];
}

type DrawnKind = DrawnEdge["kind"];
const DRAWN_KINDS: readonly DrawnKind[] = ["request", "carp", "replication", "storage"];

function isDrawn(edge: GraphEdge): edge is GraphEdge & { kind: DrawnKind } {
  return (DRAWN_KINDS as readonly string[]).includes(edge.kind);
}

/** ["NFS tank/solr", "NFS tank/blobs", "iSCSI lun0"] -> ["NFS tank/solr, tank/blobs", "iSCSI lun0"]. */
export function mergeByFirstWord(labels: readonly string[]): string[] {
  const groups = new Map<string, string[]>();
  for (const label of labels) {
    const space = label.indexOf(" ");
    const head = space < 0 ? label : label.slice(0, space);
    const rest = space < 0 ? "" : label.slice(space + 1);
    groups.set(head, [...(groups.get(head) ?? []), ...(rest === "" ? [] : [rest])]);
  }
  return [...groups].map(([head, rests]) => (rests.length === 0 ? head : `${head} ${rests.join(", ")}`));
}

/** A VIP's link to a member that also calls it (solr on the app hosts) would only draw a loop: the badges say it. */
function isLoop(edge: GraphEdge, graph: LabGraph): boolean {
  return edge.kind === "carp" && graph.edges.some((e) => e.kind === "request" && e.from === edge.to && e.to === edge.from);
}

export function selectDrawnEdges(graph: LabGraph): DrawnEdge[] {
  const merged = new Map<string, { edge: GraphEdge & { kind: DrawnKind }; labels: string[] }>();
  for (const edge of graph.edges) {
    if (!isDrawn(edge) || isLoop(edge, graph)) continue;
    const key = `${edge.kind}|${edge.from}|${edge.to}`;
    const label = edge.short ?? edge.label;
    const entry = merged.get(key);
    if (entry) entry.labels.push(label);
    else merged.set(key, { edge, labels: [label] });
  }
  const shownRequestLabels = new Set<string>();
  const drawn: DrawnEdge[] = [];
  for (const { edge, labels } of merged.values()) {
    let labelLines: readonly string[] = edge.kind === "carp" ? [] : mergeByFirstWord(labels);
    if (edge.kind === "request") {
      const text = labelLines.join("\n");
      if (shownRequestLabels.has(text)) labelLines = [];
      shownRequestLabels.add(text);
    }
    drawn.push({ id: edge.id, kind: edge.kind, from: edge.from, to: edge.to, labelLines });
  }
  return drawn;
}
