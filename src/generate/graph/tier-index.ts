// Where each node sits left to right, so text renderers can write leftward edges reversed and let
// their layout engines rank the tiers in order.

import type { GraphEdge, LabGraph } from "./graph-types.js";

/** Tier position (0 = clients) of every client, VIP and host node. */
export function indexTiers(graph: LabGraph): Map<string, number> {
  const index = new Map<string, number>();
  graph.tiers.forEach((t, i) => {
    for (const id of [...t.vips, ...t.hosts]) index.set(id, i);
  });
  if (graph.clients) index.set(graph.clients.id, 0);
  return index;
}

/** True for an edge pointing to an earlier tier (storage: stor01 -> app01). */
export function isLeftward(edge: GraphEdge, index: ReadonlyMap<string, number>): boolean {
  return (index.get(edge.from) ?? 0) > (index.get(edge.to) ?? 0);
}

/** A VIP's edge to a member that also calls it (solr on the app hosts): a loop layout engines should not rank by. */
export function isCarpLoop(edge: GraphEdge, graph: LabGraph): boolean {
  return edge.kind === "carp" && graph.edges.some((e) => e.kind === "request" && e.from === edge.to && e.to === edge.from);
}
