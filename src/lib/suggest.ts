// "Did you mean" for names: the closest candidate by edit distance, when close enough to help.

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const d = editDistance(word, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** "one of: a, b, c" with a "did you mean" in front when one candidate is close. */
export function choices(word: string, all: readonly string[]): string {
  const candidates = [...new Set(all)];
  const near = closest(word, candidates);
  const list = candidates.length ? candidates.join(", ") : "(none defined)";
  return near ? `did you mean "${near}"? Valid: ${list}` : `valid: ${list}`;
}
