// Plain-text tables for terminal output: columns padded to their widest line, cells may span lines.

export type Cell = string | readonly string[];

export function renderTable(header: readonly string[], rows: readonly (readonly Cell[])[], gap = "  "): string {
  const lines = (c: Cell | undefined): readonly string[] => (c === undefined ? [""] : typeof c === "string" ? [c] : c.length ? c : [""]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => Math.max(...lines(r[i]).map((l) => l.length)))));
  const format = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join(gap).trimEnd();
  const out = [format(header), format(widths.map((w) => "-".repeat(w)))];
  for (const row of rows) {
    const height = Math.max(...header.map((_, i) => lines(row[i]).length));
    for (let k = 0; k < height; k++) out.push(format(header.map((_, i) => lines(row[i])[k] ?? "")));
  }
  return out.join("\n");
}

/** "8080-8088" for consecutive numbers, comma-separated runs otherwise. */
export function compactRanges(numbers: readonly number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    runs.push(j > i + 1 ? `${sorted[i]}-${sorted[j]}` : sorted.slice(i, j + 1).join(","));
    i = j + 1;
  }
  return runs.join(",");
}

export function formatMiB(mib: number): string {
  return mib % 1024 === 0 ? `${mib / 1024} GiB` : `${mib} MiB`;
}

export function formatGiB(gib: number): string {
  return gib % 1024 === 0 ? `${gib / 1024}T` : `${gib}G`;
}
