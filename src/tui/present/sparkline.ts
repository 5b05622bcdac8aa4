// Charts made of block characters: a one-row sparkline and a multi-row column chart, both scaled to
// the largest value shown (or a given maximum), newest value on the right.

const BLOCKS = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];
const EIGHTHS = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"];

/** The last `width` values as one row of blocks; a missing value (undefined) is a blank. */
export function sparkline(values: readonly (number | undefined)[], width: number, max?: number): string {
  if (width <= 0) return "";
  const shown = values.slice(-width);
  const top = max ?? Math.max(0, ...shown.map((v) => v ?? 0));
  const cells = shown.map((v) => {
    if (v === undefined) return " ";
    if (top <= 0) return BLOCKS[0]!;
    const i = Math.round((Math.min(v, top) / top) * (BLOCKS.length - 1));
    return BLOCKS[Math.max(0, i)]!;
  });
  return " ".repeat(width - cells.length) + cells.join("");
}

/** The last `width` values as `height` rows of columns (top row first), in eighths of a row. */
export function columnChart(values: readonly (number | undefined)[], width: number, height: number, max?: number): string[] {
  if (width <= 0 || height <= 0) return [];
  const shown = values.slice(-width);
  const top = max ?? Math.max(0, ...shown.map((v) => v ?? 0));
  const eighths = shown.map((v) => (v === undefined || top <= 0 ? 0 : Math.round((Math.min(v, top) / top) * height * 8)));
  const rows: string[] = [];
  for (let r = height - 1; r >= 0; r--) {
    const cells = eighths.map((e) => EIGHTHS[Math.max(0, Math.min(8, e - r * 8))]!);
    rows.push(" ".repeat(width - cells.length) + cells.join(""));
  }
  return rows;
}
