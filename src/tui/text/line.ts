// Styled text lines as plain data: segments with a colour, turned into blessed tags only at the edge,
// so presentation functions stay pure and tests read plain text and colours.

export type Color = "red" | "green" | "yellow" | "blue" | "magenta" | "cyan" | "white" | "gray";

export interface Seg {
  readonly text: string;
  readonly fg?: Color;
  readonly bold?: boolean;
  readonly inverse?: boolean;
}

export type Line = readonly Seg[];

export interface SegStyle {
  readonly fg?: Color;
  readonly bold?: boolean;
  readonly inverse?: boolean;
}

export function seg(text: string, style: SegStyle = {}): Seg {
  return { text, ...style };
}

export function plainOf(l: Line): string {
  return l.map((s) => s.text).join("");
}

export function widthOf(l: Line): number {
  return l.reduce((n, s) => n + s.text.length, 0);
}

/** Cuts a line to `width` characters (an ellipsis marks the cut) and pads it with blanks to `width`. */
export function fitLine(l: Line, width: number, options: { readonly pad?: boolean } = {}): Line {
  if (width <= 0) return [];
  const total = widthOf(l);
  if (total <= width) return options.pad && total < width ? [...l, seg(" ".repeat(width - total))] : l;
  const out: Seg[] = [];
  let left = width - 1;
  for (const s of l) {
    if (left <= 0) break;
    const text = s.text.slice(0, left);
    out.push({ ...s, text });
    left -= text.length;
  }
  out.push(seg("…", { fg: "gray" }));
  return out;
}

/** Greedy wrap of tokens (each kept whole) into lines of at most `width`, one blank between tokens. */
export function wrapTokens(tokens: readonly Line[], width: number, indent = ""): Line[] {
  const lines: Seg[][] = [];
  let current: Seg[] = [];
  let used = 0;
  let hasToken = false;
  for (const token of tokens) {
    const w = widthOf(token);
    if (hasToken && used + 1 + w > width) {
      lines.push(current);
      current = indent ? [seg(indent)] : [];
      used = indent.length;
      hasToken = false;
    }
    if (hasToken) {
      current.push(seg(" "));
      used += 1;
    }
    current.push(...token);
    used += w;
    hasToken = true;
  }
  if (hasToken) lines.push(current);
  return lines;
}

/** blessed's tag syntax: braces in text are written {open} and {close}. */
export function escapeTags(text: string): string {
  return text.replace(/[{}]/g, (c) => (c === "{" ? "{open}" : "{close}"));
}

/** A line as blessed tagged text. */
export function tagsOf(l: Line): string {
  return l
    .map((s) => {
      let text = escapeTags(s.text);
      if (s.fg) text = `{${s.fg}-fg}${text}{/${s.fg}-fg}`;
      if (s.bold) text = `{bold}${text}{/bold}`;
      if (s.inverse) text = `{inverse}${text}{/inverse}`;
      return text;
    })
    .join("");
}
