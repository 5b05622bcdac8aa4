// Plain-text helpers for the ASCII renderer: display width, padding, wrapping and boxes.

/** Display columns of a string: one per code point (the renderer only uses narrow characters). */
export function columns(text: string): number {
  return [...text].length;
}

export function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - columns(text)));
}

export function center(text: string, width: number): string {
  const left = Math.max(0, Math.floor((width - columns(text)) / 2));
  return padEnd(" ".repeat(left) + text, width);
}

/**
 * Splits a line longer than `width` at spaces (hard-splits words that are too long). Leading spaces
 * are kept on the first line; continuation lines start with them plus `indent`.
 */
export function wrapLine(text: string, width: number, indent = ""): string[] {
  const lead = /^ */.exec(text)?.[0] ?? "";
  const next = lead + indent;
  const out: string[] = [];
  let current = lead;
  for (const word of text.slice(lead.length).split(" ")) {
    const fresh = current === lead || current === next;
    const candidate = fresh ? current + word : `${current} ${word}`;
    if (columns(candidate) <= width) {
      current = candidate;
      continue;
    }
    if (!fresh) out.push(current);
    let rest = (fresh ? current : next) + word;
    while (columns(rest) > width) {
      out.push([...rest].slice(0, width).join(""));
      rest = next + [...rest].slice(width).join("");
    }
    current = rest;
  }
  out.push(current);
  return out;
}

export type BoxStyle = "square" | "round";

const CORNERS: Readonly<Record<BoxStyle, readonly [string, string, string, string]>> = {
  square: ["┌", "┐", "└", "┘"],
  round: ["╭", "╮", "╰", "╯"],
};

/** A box exactly `width` columns wide around `lines` (wrapped to fit, one space of padding). */
export function drawBox(lines: readonly string[], width: number, style: BoxStyle): string[] {
  const inner = width - 4;
  const [tl, tr, bl, br] = CORNERS[style];
  const body = lines.flatMap((l) => wrapLine(l, inner, "  ")).map((l) => `│ ${padEnd(l, inner)} │`);
  return [`${tl}${"─".repeat(width - 2)}${tr}`, ...body, `${bl}${"─".repeat(width - 2)}${br}`];
}
