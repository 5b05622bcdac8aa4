// Small SVG element writers shared by the SVG renderer and its legend; everything escaped here.

import { FONT_FAMILIES, FONT_STYLES, escapeXml, px } from "./svg-text.js";
import type { TextStyle } from "./svg-text.js";

export type Anchor = "start" | "middle" | "end";

/** A <style> block with one class per text style (`t-name`, `t-detail`, ...). */
export function renderTextClasses(): string {
  const rules = (Object.keys(FONT_STYLES) as TextStyle[]).map((style) => {
    const f = FONT_STYLES[style];
    return `.t-${style}{font-family:${FONT_FAMILIES[f.family]};font-size:${f.sizePx}px;font-weight:${f.bold ? "bold" : "normal"};fill:${f.fill}}`;
  });
  return `<style>${escapeXml(rules.join(""))}</style>`;
}

export function renderText(x: number, y: number, text: string, style: TextStyle, anchor: Anchor = "start"): string {
  const a = anchor === "start" ? "" : ` text-anchor="${anchor}"`;
  return `<text x="${px(x)}" y="${px(y)}" class="t-${style}"${a}>${escapeXml(text)}</text>`;
}

export interface RectStyle {
  readonly fill: string;
  readonly stroke?: string;
  readonly strokeWidth?: number;
  readonly radius?: number;
  readonly dash?: string;
}

export function renderRect(x: number, y: number, width: number, height: number, style: RectStyle): string {
  const attrs = [`x="${px(x)}"`, `y="${px(y)}"`, `width="${px(width)}"`, `height="${px(height)}"`];
  if (style.radius) attrs.push(`rx="${px(style.radius)}"`);
  attrs.push(`fill="${escapeXml(style.fill)}"`);
  if (style.stroke) attrs.push(`stroke="${escapeXml(style.stroke)}"`, `stroke-width="${px(style.strokeWidth ?? 1)}"`);
  if (style.dash) attrs.push(`stroke-dasharray="${escapeXml(style.dash)}"`);
  return `<rect ${attrs.join(" ")}/>`;
}

/** Baseline offset inside a line box of `lineHeight` for text of `sizePx`. */
export function baselineIn(lineHeight: number, sizePx: number): number {
  return (lineHeight + sizePx * 0.72) / 2;
}
