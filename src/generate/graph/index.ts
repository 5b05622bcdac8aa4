// `lab graph` renderers: one LabGraph (graph-model.ts) drawn as ascii, Graphviz DOT, Mermaid or SVG.

import type { ResolvedLab } from "../../model/types.js";
import { renderAscii } from "./ascii.js";
import { renderDot } from "./dot.js";
import { buildGraph } from "./graph-model.js";
import type { LabGraph } from "./graph-types.js";
import { renderMermaid } from "./mermaid.js";
import { renderSvg } from "./svg.js";

export type GraphFormat = "ascii" | "dot" | "mermaid" | "svg";

export const GRAPH_FORMATS: readonly GraphFormat[] = ["ascii", "dot", "mermaid", "svg"];

const RENDERERS: Readonly<Record<GraphFormat, (graph: LabGraph) => string>> = {
  ascii: renderAscii,
  dot: renderDot,
  mermaid: renderMermaid,
  svg: renderSvg,
};

export function renderGraph(lab: ResolvedLab, format: GraphFormat): string {
  return RENDERERS[format](buildGraph(lab));
}

export { buildGraph, renderAscii, renderDot, renderMermaid, renderSvg };
export type { LabGraph };
