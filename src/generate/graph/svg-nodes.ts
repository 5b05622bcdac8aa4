// Draws the SVG's node boxes: hosts as boxes, VIPs as pills, the clients as an ellipse.

import { COLORS } from "./svg-style.js";
import { baselineIn, renderRect, renderText } from "./svg-elements.js";
import type { LaidOutNode } from "./svg-layout.js";
import { NODE_PAD_X, NODE_PAD_Y, SPAN_GAP, isBadge, lineHeight, lineWidth } from "./svg-node-content.js";
import type { TextLine } from "./svg-node-content.js";
import { FONT_STYLES, estimateTextWidth, escapeXml, px } from "./svg-text.js";

const BADGE_PAD_X = 6;

function renderLine(line: TextLine, left: number, top: number, height: number): string[] {
  const out: string[] = [];
  let x = left;
  for (const span of line) {
    const size = FONT_STYLES[span.style].sizePx;
    const width = estimateTextWidth(span.text, span.style);
    if (isBadge(span.style)) {
      const badgeHeight = size + 7;
      const filled = span.style === "badge";
      out.push(renderRect(x, top + (height - badgeHeight) / 2, width + 2 * BADGE_PAD_X, badgeHeight,
        { fill: filled ? COLORS.badgeFill : COLORS.vipFill, stroke: COLORS.badgeFill, strokeWidth: filled ? 0 : 1, radius: badgeHeight / 2 }));
      out.push(renderText(x + BADGE_PAD_X, top + baselineIn(height, size), span.text, span.style));
      x += width + 2 * BADGE_PAD_X + SPAN_GAP;
    } else {
      out.push(renderText(x, top + baselineIn(height, size), span.text, span.style));
      x += width + SPAN_GAP;
    }
  }
  return out;
}

/** Lines stacked from the top; centred lines start where their estimated width centres them. */
function renderLines(node: LaidOutNode, centered: boolean): string[] {
  const out: string[] = [];
  let top = node.y + NODE_PAD_Y;
  for (const line of node.content.lines) {
    const height = lineHeight(line);
    const left = centered ? node.x + (node.width - lineWidth(line)) / 2 : node.x + NODE_PAD_X;
    out.push(...renderLine(line, left, top, height));
    top += height;
  }
  return out;
}

export function renderNode(node: LaidOutNode): string {
  const id = `id="${escapeXml(`node-${node.id.replace(/[^A-Za-z0-9_-]/g, "-")}`)}"`;
  const shape = node.content.shape;
  let outline: string;
  if (shape === "host") {
    outline = renderRect(node.x, node.y, node.width, node.height, { fill: COLORS.hostFill, stroke: COLORS.hostStroke, strokeWidth: 1.4, radius: 6 });
  } else if (shape === "vip") {
    outline = renderRect(node.x, node.y, node.width, node.height, { fill: COLORS.vipFill, stroke: COLORS.vipStroke, strokeWidth: 2, radius: node.height / 2 });
  } else {
    const cx = node.x + node.width / 2;
    const cy = node.y + node.height / 2;
    outline = `<ellipse cx="${px(cx)}" cy="${px(cy)}" rx="${px(node.width / 2)}" ry="${px(node.height / 2)}" fill="${COLORS.clientsFill}" stroke="${COLORS.clientsStroke}" stroke-width="1.6"/>`;
  }
  return [`<g ${id}>`, outline, ...renderLines(node, shape !== "host"), "</g>"].join("\n");
}
