// renderSvg(): a standalone SVG of the lab laid out in-process with dagre (see svg-layout.ts).

import type { LabGraph } from "./graph-types.js";
import { layoutGraph } from "./svg-layout.js";
import type { LaidOutCluster, LaidOutEdge } from "./svg-layout.js";
import { buildLegend } from "./svg-legend.js";
import { renderNode } from "./svg-nodes.js";
import { describePath } from "./svg-path.js";
import { COLORS, EDGE_STYLES } from "./svg-style.js";
import { baselineIn, renderRect, renderText, renderTextClasses } from "./svg-elements.js";
import { FONT_STYLES, escapeXml, estimateTextWidth, lineHeightPx, px } from "./svg-text.js";

const MARGIN = 24;
const TITLE_BAND = 64;
const LEGEND_GAP = 28;
/** The band at the top of a cluster the heading is centred in (dagre leaves ~nodesep/2 above the first node). */
const CLUSTER_HEADING_PX = 24;

function markerId(kind: keyof typeof EDGE_STYLES): string {
  return `arrow-${kind}`;
}

function renderMarkers(): string {
  const markers = (Object.keys(EDGE_STYLES) as (keyof typeof EDGE_STYLES)[]).map((kind) =>
    `<marker id="${markerId(kind)}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">` +
    `<path d="M0,0 L10,5 L0,10 z" fill="${EDGE_STYLES[kind].stroke}"/></marker>`);
  return `<defs>\n${markers.join("\n")}\n</defs>`;
}

function renderCluster(c: LaidOutCluster): string {
  const heading = renderText(c.x + 10, c.y + baselineIn(CLUSTER_HEADING_PX, FONT_STYLES.heading.sizePx), c.label, "heading");
  return [renderRect(c.x, c.y, c.width, c.height, { fill: COLORS.clusterFill, stroke: COLORS.clusterStroke, radius: 12 }), heading].join("\n");
}

function renderEdgePath(e: LaidOutEdge): string {
  const style = EDGE_STYLES[e.edge.kind];
  const dash = style.dash ? ` stroke-dasharray="${style.dash}"` : "";
  return `<path d="${describePath(e.points)}" fill="none" stroke="${style.stroke}" stroke-width="${px(style.widthPx)}"${dash} marker-end="url(#${markerId(e.edge.kind)})"/>`;
}

function renderEdgeLabel(e: LaidOutEdge): string {
  if (!e.label) return "";
  const lh = lineHeightPx("edge");
  const lines = e.edge.labelLines.map((t, i) =>
    renderText(e.label!.x + e.label!.width / 2, e.label!.y + 4 + i * lh + baselineIn(lh, FONT_STYLES.edge.sizePx), t, "edge", "middle"));
  const box = renderRect(e.label.x, e.label.y, e.label.width, e.label.height, { fill: COLORS.labelFill, stroke: EDGE_STYLES[e.edge.kind].stroke, strokeWidth: 0.6, radius: 4 });
  return [box, ...lines].join("\n");
}

export function renderSvg(graph: LabGraph): string {
  const layout = layoutGraph(graph);
  const legend = buildLegend(graph, markerId);
  const titleWidth = Math.max(estimateTextWidth(graph.title, "title"), estimateTextWidth(graph.description, "legend"));
  const width = Math.ceil(Math.max(layout.width, legend.width, titleWidth) + 2 * MARGIN);
  const height = Math.ceil(TITLE_BAND + layout.height + LEGEND_GAP + legend.height + 2 * MARGIN);
  const dx = MARGIN;
  const dy = MARGIN + TITLE_BAND;
  const parts = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(graph.title)}">`,
    `<title>${escapeXml(graph.title)}</title>`,
    renderTextClasses(),
    renderMarkers(),
    renderRect(0, 0, width, height, { fill: COLORS.background }),
    renderText(MARGIN, MARGIN + 20, graph.title, "title"),
    renderText(MARGIN, MARGIN + 42, graph.description, "legend"),
    `<g id="diagram" transform="translate(${px(dx)},${px(dy)})">`,
    ...layout.clusters.map(renderCluster),
    ...layout.edges.map(renderEdgePath),
    ...layout.nodes.map(renderNode),
    ...layout.edges.map(renderEdgeLabel).filter((s) => s !== ""),
    `</g>`,
    legend.render(MARGIN, dy + layout.height + LEGEND_GAP),
    `</svg>`,
  ];
  return parts.join("\n") + "\n";
}
