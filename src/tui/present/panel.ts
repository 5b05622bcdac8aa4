// What every panel is made of: a title line and body lines, cut to the panel's size; bodies longer
// than the panel show a window that keeps a chosen row (the selected host, the newest event) visible.

import { fitLine, seg, type Line } from "../text/line.js";

export function titleLine(title: string, extra: Line = []): Line {
  return [seg(` ${title} `, { bold: true, inverse: true }), ...(extra.length > 0 ? [seg(" "), ...extra] : [])];
}

/** `height` rows at most, with row `keep` inside the window (default: the first rows). */
export function windowOf(rows: readonly Line[], height: number, keep = 0): Line[] {
  if (height <= 0) return [];
  if (rows.length <= height) return [...rows];
  const start = Math.max(0, Math.min(keep - Math.floor(height / 2), rows.length - height));
  return rows.slice(start, start + height);
}

/** Title plus body, every line cut to `width`, `height` lines at most. */
export function panelOf(title: Line, body: readonly Line[], width: number, height: number, keep = 0): Line[] {
  if (height <= 0) return [];
  return [title, ...windowOf(body, height - 1, keep)].map((l) => fitLine(l, width));
}

export function pad(text: string, width: number): string {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

export function padStart(text: string, width: number): string {
  return text.length >= width ? text : " ".repeat(width - text.length) + text;
}
