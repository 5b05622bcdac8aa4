// The screen as plain text rows (panels copied into a character grid, the overlay on top inside a
// border): what a terminal would show, for tests and for dumping a screen.

import type { ScreenRender } from "../present/screen.js";
import { plainOf } from "./line.js";

export function composeText(screen: ScreenRender, cols: number, rows: number): string[] {
  const grid = Array.from({ length: rows }, () => Array.from({ length: cols }, () => " "));
  const put = (row: number, col: number, text: string, maxWidth: number) => {
    const cells = grid[row];
    if (!cells) return;
    [...text].slice(0, maxWidth).forEach((ch, i) => {
      if (col + i < cols) cells[col + i] = ch;
    });
  };
  for (const p of screen.panels) p.lines.forEach((l, i) => put(p.rect.top + i, p.rect.left, plainOf(l), p.rect.width));
  const o = screen.overlay;
  if (o) {
    const inner = o.rect.width - 2;
    const title = ` ${o.title} `.slice(0, inner);
    put(o.rect.top, o.rect.left, `┌${title}${"─".repeat(Math.max(0, inner - title.length))}┐`, o.rect.width);
    for (let i = 1; i < o.rect.height - 1; i++) put(o.rect.top + i, o.rect.left, `│${(o.lines[i - 1] ? plainOf(o.lines[i - 1]!) : "").padEnd(inner).slice(0, inner)}│`, o.rect.width);
    put(o.rect.top + o.rect.height - 1, o.rect.left, `└${"─".repeat(inner)}┘`, o.rect.width);
  }
  return grid.map((r) => r.join("").trimEnd());
}
