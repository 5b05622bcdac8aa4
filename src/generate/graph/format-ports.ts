// Compresses port lists for labels: [8080, 8081, 8082] -> "8080-8082", [80, 443] -> "80,443".

/** Sorted, de-duplicated ports with consecutive runs of three or more written as ranges. */
export function formatPorts(ports: readonly number[]): string {
  const sorted = [...new Set(ports)].sort((a, b) => a - b);
  const parts: string[] = [];
  let start = 0;
  while (start < sorted.length) {
    let end = start;
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]! + 1) end++;
    const first = sorted[start]!;
    const last = sorted[end]!;
    if (end - start >= 2) parts.push(`${first}-${last}`);
    else for (let i = start; i <= end; i++) parts.push(String(sorted[i]));
    start = end + 1;
  }
  return parts.join(",");
}
