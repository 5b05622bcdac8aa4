// SVG path data for an edge: through its points with horizontal tangents at each (d3's "bump X"
// curve), so edges leave and enter boxes sideways; a vertical run stays a straight line.

import type { Point } from "./svg-layout-types.js";
import { px } from "./svg-text.js";

export function describePath(points: readonly Point[]): string {
  const first = points[0];
  if (!first) return "";
  const parts = [`M${px(first.x)},${px(first.y)}`];
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1]!;
    const q = points[i]!;
    const mx = (p.x + q.x) / 2;
    parts.push(p.x === q.x ? `L${px(q.x)},${px(q.y)}` : `C${px(mx)},${px(p.y)} ${px(mx)},${px(q.y)} ${px(q.x)},${px(q.y)}`);
  }
  return parts.join(" ");
}

/** Points along the curve describePath() draws, `steps` per segment: for checks that edges avoid boxes. */
export function sampleCurve(points: readonly Point[], steps: number): Point[] {
  const out: Point[] = points[0] ? [points[0]] : [];
  for (let i = 1; i < points.length; i++) {
    const p = points[i - 1]!;
    const q = points[i]!;
    const mx = (p.x + q.x) / 2;
    for (let s = 1; s <= steps; s++) {
      const t = s / steps;
      const u = 1 - t;
      // Cubic Bézier p, (mx, p.y), (mx, q.y), q.
      const x = u * u * u * p.x + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * q.x;
      const y = u * u * u * p.y + 3 * u * u * t * p.y + 3 * u * t * t * q.y + t * t * t * q.y;
      out.push({ x, y });
    }
  }
  return out;
}
