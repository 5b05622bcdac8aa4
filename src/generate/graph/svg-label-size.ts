// The size of an edge label box in the SVG, from its lines' estimated text widths.

import { estimateTextWidth, lineHeightPx } from "./svg-text.js";

const EDGE_LABEL_PAD = 4;

export function labelSize(lines: readonly string[]): { width: number; height: number } {
  if (lines.length === 0) return { width: 0, height: 0 };
  const width = Math.max(...lines.map((l) => estimateTextWidth(l, "edge"))) + 2 * EDGE_LABEL_PAD;
  return { width, height: lines.length * lineHeightPx("edge") + 2 * EDGE_LABEL_PAD };
}
