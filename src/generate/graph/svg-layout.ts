// Lays the LabGraph out for the SVG with dagre: tiers as compound clusters left to right (dagre
// leaves about nodesep/2 inside a cluster's border, room for its heading), VIPs in their tier,
// edges through dagre's bend points except replication inside one column, which is drawn by hand.

import dagre from "@dagrejs/dagre";
import type { Graph } from "@dagrejs/dagre";
import type { LabGraph, TierId } from "./graph-types.js";
import { describeClients, describeHost, describeVip } from "./svg-node-content.js";
import type { NodeContent } from "./svg-node-content.js";
import { selectDrawnEdges } from "./svg-edges.js";
import type { DrawnEdge } from "./svg-edges.js";
import { isUpsideDown, mirrorVertically, normalize, routeWithinColumn } from "./svg-layout-adjust.js";
import type { Box, GraphLayout, LaidOutCluster, LaidOutNode, Point, RawLayout, RawRoute } from "./svg-layout-types.js";
import { labelSize } from "./svg-label-size.js";
import { routeEdges } from "./svg-routing.js";

export type { Box, GraphLayout, LaidOutCluster, LaidOutEdge, LaidOutNode, Point } from "./svg-layout-types.js";

interface PlacedNode {
  readonly id: string;
  readonly tier: TierId;
  /** Order key along the x axis: tier index * 3 + (0 entry VIP, 1 host, 2 exit VIP). */
  readonly key: number;
  readonly content: NodeContent;
}

/** A VIP is an entry to its tier when something from an earlier tier calls it, an exit when only its own tier does. */
function placeNodes(graph: LabGraph): PlacedNode[] {
  const tierIndex = new Map(graph.tiers.map((t, i) => [t.id, i] as const));
  const tierOfNode = new Map<string, TierId>();
  for (const h of graph.hosts) tierOfNode.set(h.id, h.tier);
  for (const v of graph.vips) tierOfNode.set(v.id, v.tier);
  if (graph.clients) tierOfNode.set(graph.clients.id, "clients");
  const indexOf = (id: string): number => tierIndex.get(tierOfNode.get(id) ?? "clients") ?? 0;
  const placed: PlacedNode[] = [];
  if (graph.clients) placed.push({ id: graph.clients.id, tier: "clients", key: 0, content: describeClients(graph.clients) });
  for (const v of graph.vips) {
    const callers = graph.edges.filter((e) => e.kind === "request" && e.to === v.id).map((e) => indexOf(e.from));
    const entry = callers.length === 0 || callers.some((i) => i < indexOf(v.id));
    placed.push({ id: v.id, tier: v.tier, key: indexOf(v.id) * 3 + (entry ? 0 : 2), content: describeVip(v) });
  }
  for (const h of graph.hosts) placed.push({ id: h.id, tier: h.tier, key: indexOf(h.id) * 3 + 1, content: describeHost(h) });
  return placed;
}

function clusterId(tier: TierId): string {
  return `tier:${tier}`;
}

/**
 * Invisible edges that keep the key groups in order: a node with no layout edge from the group just
 * before it gets one from that group's first node. Only where needed: extra edges pull dagre's
 * alignment of the real ones off.
 */
function addTierSpine(g: Graph, placed: readonly PlacedNode[], layoutEdges: readonly { v: string; w: string }[]): void {
  const keyOf = new Map(placed.map((p) => [p.id, p.key] as const));
  const keys = [...new Set(placed.map((p) => p.key))].sort((a, b) => a - b);
  for (let i = 1; i < keys.length; i++) {
    const previous = keys[i - 1]!;
    const anchor = placed.find((p) => p.key === previous)!;
    for (const node of placed.filter((p) => p.key === keys[i])) {
      const fed = layoutEdges.some((e) => e.w === node.id && keyOf.get(e.v) === previous);
      if (!fed) g.setEdge(anchor.id, node.id, { weight: 0, minlen: 1, width: 0, height: 0 }, `spine:${anchor.id}->${node.id}`);
    }
  }
}

export function layoutGraph(graph: LabGraph): GraphLayout {
  const placed = placeNodes(graph);
  const byId = new Map(placed.map((p) => [p.id, p] as const));
  const drawn = selectDrawnEdges(graph);
  const g = new dagre.graphlib.Graph({ compound: true, multigraph: true });
  g.setGraph({ rankdir: "LR", nodesep: 44, ranksep: 56, edgesep: 14, marginx: 0, marginy: 0 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const tier of graph.tiers) if (tier.id !== "clients") g.setNode(clusterId(tier.id), {});
  for (const p of placed) {
    g.setNode(p.id, { width: p.content.width, height: p.content.height });
    if (p.tier !== "clients") g.setParent(p.id, clusterId(p.tier));
  }
  const routed: { edge: DrawnEdge; reversed: boolean }[] = [];
  const manual: DrawnEdge[] = [];
  for (const edge of drawn) {
    const from = byId.get(edge.from);
    const to = byId.get(edge.to);
    if (!from || !to) continue;
    if (from.key === to.key) {
      manual.push(edge);
      continue;
    }
    const reversed = from.key > to.key;
    const size = labelSize(edge.labelLines);
    const [v, w] = reversed ? [to.id, from.id] : [from.id, to.id];
    g.setEdge(v, w, { ...size, labelpos: "c", minlen: 1, weight: edge.kind === "request" ? 2 : 1 }, edge.id);
    routed.push({ edge, reversed });
  }
  addTierSpine(g, placed, routed.map(({ edge, reversed }) => (reversed ? { v: edge.to, w: edge.from } : { v: edge.from, w: edge.to })));
  dagre.layout(g);
  return collectLayout(g, graph, placed, routed, manual);
}

function centeredBox(n: { x?: number; y?: number; width: number; height: number }): Box {
  return { x: (n.x ?? 0) - n.width / 2, y: (n.y ?? 0) - n.height / 2, width: n.width, height: n.height };
}

function collectLayout(
  g: Graph,
  graph: LabGraph,
  placed: readonly PlacedNode[],
  routed: readonly { edge: DrawnEdge; reversed: boolean }[],
  manual: readonly DrawnEdge[],
): GraphLayout {
  const raw: RawLayout = {
    nodes: placed.map((p): LaidOutNode => ({ id: p.id, tier: p.tier, content: p.content, ...centeredBox(g.node(p.id)) })),
    clusters: graph.tiers.filter((t) => t.id !== "clients").map((t): LaidOutCluster => ({ id: t.id, label: t.label, ...centeredBox(g.node(clusterId(t.id))) })),
    routes: routed.map(({ edge, reversed }): RawRoute => {
      const label = g.edge({ v: reversed ? edge.to : edge.from, w: reversed ? edge.from : edge.to, name: edge.id });
      const points: Point[] = (label.points ?? []).map((p: Point) => ({ x: p.x, y: p.y }));
      const size = labelSize(edge.labelLines);
      const labelBox = edge.labelLines.length > 0 ? centeredBox({ x: label.x, y: label.y, ...size }) : undefined;
      return { edge, reversed, interior: points.slice(1, -1), ...(labelBox ? { label: labelBox } : {}) };
    }),
  };
  const oriented = isUpsideDown(graph, raw.nodes) ? mirrorVertically(raw) : raw;
  const edges = routeEdges(oriented.nodes, oriented.routes);
  const nodeById = new Map(oriented.nodes.map((n) => [n.id, n] as const));
  for (const edge of manual) {
    const from = nodeById.get(edge.from);
    const to = nodeById.get(edge.to);
    if (from && to) edges.push(routeWithinColumn(edge, from, to));
  }
  return normalize(oriented.nodes, oriented.clusters, edges);
}
