// Edge geometry for the SVG: each edge leaves its source on the right and enters its target on the
// left (left to right as dagre ranked them), at ports spread along the side in the order of the
// neighbours, and passes through dagre's bend points.

import type { Box, LaidOutEdge, LaidOutNode, Point, RawRoute } from "./svg-layout-types.js";

const PORT_GAP = 12;

interface PortRequest {
  readonly route: number;
  /** The y of the neighbouring point the edge heads to, to keep ports in the same vertical order. */
  readonly towardY: number;
}

function centerY(b: Box): number {
  return b.y + b.height / 2;
}

/** Ports along one side of a node, top to bottom in the order of where their edges go. */
function spreadPorts(node: Box, requests: readonly PortRequest[]): Map<number, number> {
  const sorted = [...requests].sort((a, b) => a.towardY - b.towardY || a.route - b.route);
  const gap = Math.min(PORT_GAP, (node.height - 12) / Math.max(1, sorted.length));
  const ports = new Map<number, number>();
  sorted.forEach((r, i) => ports.set(r.route, centerY(node) + (i - (sorted.length - 1) / 2) * gap));
  return ports;
}

export function routeEdges(nodes: readonly LaidOutNode[], routes: readonly RawRoute[]): LaidOutEdge[] {
  const byId = new Map(nodes.map((n) => [n.id, n] as const));
  const ends = routes.map((r) => {
    const left = byId.get(r.reversed ? r.edge.to : r.edge.from);
    const right = byId.get(r.reversed ? r.edge.from : r.edge.to);
    return { left, right };
  });
  const outgoing = new Map<string, PortRequest[]>();
  const incoming = new Map<string, PortRequest[]>();
  routes.forEach((r, i) => {
    const { left, right } = ends[i]!;
    if (!left || !right) return;
    const firstY = r.interior[0]?.y ?? centerY(right);
    const lastY = r.interior[r.interior.length - 1]?.y ?? centerY(left);
    outgoing.set(left.id, [...(outgoing.get(left.id) ?? []), { route: i, towardY: firstY }]);
    incoming.set(right.id, [...(incoming.get(right.id) ?? []), { route: i, towardY: lastY }]);
  });
  const outPorts = new Map<string, Map<number, number>>();
  const inPorts = new Map<string, Map<number, number>>();
  for (const [id, requests] of outgoing) outPorts.set(id, spreadPorts(byId.get(id)!, requests));
  for (const [id, requests] of incoming) inPorts.set(id, spreadPorts(byId.get(id)!, requests));
  const edges: LaidOutEdge[] = [];
  routes.forEach((r, i) => {
    const { left, right } = ends[i]!;
    if (!left || !right) return;
    const start: Point = { x: left.x + left.width, y: outPorts.get(left.id)?.get(i) ?? centerY(left) };
    const end: Point = { x: right.x, y: inPorts.get(right.id)?.get(i) ?? centerY(right) };
    const points = [start, ...r.interior, end];
    if (r.reversed) points.reverse();
    edges.push({ edge: r.edge, points, ...(r.label ? { label: r.label } : {}) });
  });
  return edges;
}
