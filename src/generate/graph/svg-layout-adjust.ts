// Finishing touches on dagre's layout: turn it upside down when dagre stacked the hosts against lab
// order, draw replication inside one column by hand, and move everything to start at (0, 0).

import type { LabGraph } from "./graph-types.js";
import type { Box, GraphLayout, LaidOutCluster, LaidOutEdge, LaidOutNode, RawLayout } from "./svg-layout-types.js";
import type { DrawnEdge } from "./svg-edges.js";
import { labelSize } from "./svg-label-size.js";

/** True when most tiers show their hosts bottom-up (proxy02 above proxy01): dagre's order is arbitrary there. */
export function isUpsideDown(graph: LabGraph, nodes: readonly LaidOutNode[]): boolean {
  const yOf = new Map(nodes.map((n) => [n.id, n.y] as const));
  let votes = 0;
  for (const tier of graph.tiers) {
    for (let i = 0; i + 1 < tier.hosts.length; i++) {
      const a = yOf.get(tier.hosts[i]!) ?? 0;
      const b = yOf.get(tier.hosts[i + 1]!) ?? 0;
      votes += a < b ? -1 : a > b ? 1 : 0;
    }
  }
  return votes > 0;
}

export function mirrorVertically(raw: RawLayout): RawLayout {
  const flip = <T extends Box>(b: T): T => ({ ...b, y: -b.y - b.height });
  return {
    nodes: raw.nodes.map(flip),
    clusters: raw.clusters.map(flip),
    routes: raw.routes.map((r) => ({ ...r, interior: r.interior.map((p) => ({ x: p.x, y: -p.y })), ...(r.label ? { label: flip(r.label) } : {}) })),
  };
}

/** Replication between two hosts of one column: a vertical arrow in the gap, its label beside it. */
export function routeWithinColumn(edge: DrawnEdge, from: Box, to: Box): LaidOutEdge {
  const down = from.y < to.y;
  const x = Math.max(from.x, to.x) + 28;
  const y1 = down ? from.y + from.height : from.y;
  const y2 = down ? to.y : to.y + to.height;
  const size = labelSize(edge.labelLines);
  const mid = (y1 + y2) / 2;
  const label = edge.labelLines.length > 0 ? { x: x + 8, y: mid - size.height / 2, ...size } : undefined;
  return { edge, points: [{ x, y: y1 }, { x, y: y2 }], ...(label ? { label } : {}) };
}

/** Moves everything so the drawing starts at (0, 0) and reports its size. */
export function normalize(nodes: readonly LaidOutNode[], clusters: readonly LaidOutCluster[], edges: readonly LaidOutEdge[]): GraphLayout {
  const boxes: Box[] = [...nodes, ...clusters, ...edges.flatMap((e) => (e.label ? [e.label] : []))];
  const points = edges.flatMap((e) => e.points);
  const xs = [...boxes.map((b) => b.x), ...points.map((p) => p.x)];
  const ys = [...boxes.map((b) => b.y), ...points.map((p) => p.y)];
  if (xs.length === 0) return { width: 0, height: 0, nodes: [], clusters: [], edges: [] };
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const maxX = Math.max(...boxes.map((b) => b.x + b.width), ...points.map((p) => p.x));
  const maxY = Math.max(...boxes.map((b) => b.y + b.height), ...points.map((p) => p.y));
  const shift = <T extends Box>(b: T): T => ({ ...b, x: b.x - minX, y: b.y - minY });
  return {
    width: maxX - minX,
    height: maxY - minY,
    nodes: nodes.map(shift),
    clusters: clusters.map(shift),
    edges: edges.map((e) => ({
      edge: e.edge,
      points: e.points.map((p) => ({ x: p.x - minX, y: p.y - minY })),
      ...(e.label ? { label: shift(e.label) } : {}),
    })),
  };
}
