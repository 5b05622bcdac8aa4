// Text for the SVG renderer: the font styles it uses, XML escaping, width estimates from character counts.

export type TextStyle = "title" | "heading" | "name" | "detail" | "muted" | "badge" | "badgeBackup" | "edge" | "legend";

export interface FontStyle {
  readonly sizePx: number;
  readonly family: "sans" | "mono";
  readonly bold: boolean;
  readonly fill: string;
}

export const FONT_FAMILIES: Readonly<Record<FontStyle["family"], string>> = {
  sans: "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif",
  mono: "DejaVu Sans Mono, Menlo, Consolas, monospace",
};

export const FONT_STYLES: Readonly<Record<TextStyle, FontStyle>> = {
  title: { sizePx: 20, family: "sans", bold: true, fill: "#1f2933" },
  heading: { sizePx: 13, family: "sans", bold: true, fill: "#52606d" },
  name: { sizePx: 15, family: "sans", bold: true, fill: "#1f2933" },
  detail: { sizePx: 12, family: "mono", bold: false, fill: "#323f4b" },
  muted: { sizePx: 12, family: "mono", bold: false, fill: "#7b8794" },
  badge: { sizePx: 11, family: "sans", bold: true, fill: "#ffffff" },
  badgeBackup: { sizePx: 11, family: "sans", bold: true, fill: "#d9480f" },
  edge: { sizePx: 11, family: "sans", bold: false, fill: "#323f4b" },
  legend: { sizePx: 12, family: "sans", bold: false, fill: "#323f4b" },
};

/** Average advance per character in em: exact for DejaVu Sans Mono, a safe upper bound for DejaVu Sans. */
const EM_PER_CHAR: Readonly<Record<FontStyle["family"], { regular: number; bold: number }>> = {
  mono: { regular: 0.602, bold: 0.602 },
  sans: { regular: 0.6, bold: 0.68 },
};

export function lineHeightPx(style: TextStyle): number {
  return Math.round(FONT_STYLES[style].sizePx * 1.35);
}

export function estimateTextWidth(text: string, style: TextStyle): number {
  const font = FONT_STYLES[style];
  const em = font.bold ? EM_PER_CHAR[font.family].bold : EM_PER_CHAR[font.family].regular;
  return Math.ceil([...text].length * font.sizePx * em);
}

const XML_ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Escapes text and attribute values; drops characters XML 1.0 does not allow. */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

/** Number formatting for coordinates: at most one decimal, no "-0". */
export function px(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}
