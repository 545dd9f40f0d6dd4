/** Names close to a mistyped one, for "did you mean" hints (Codex settings, project names). */

/** Edit distance, case-insensitive, with an adjacent transposition counted as one edit (`modle` → `model` is 1). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = [];
  for (let i = 0; i <= s.length; i++) {
    rows.push([i]);
    for (let j = 1; j <= t.length; j++) {
      if (i === 0) {
        rows[0][j] = j;
        continue;
      }
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1])
        best = Math.min(best, rows[i - 2][j - 2] + 1);
      rows[i][j] = best;
    }
  }
  return rows[s.length][t.length];
}

/** The closest known name when it is close enough to be a typo (a third of the length, at most 3 edits). */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const limit = Math.min(3, Math.max(1, Math.floor(name.length / 3)));
  let best: { name: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance <= limit && (!best || distance < best.distance)) best = { name: candidate, distance };
  }
  return best?.name;
}

/** ` Did you mean \`x\`?` when a known name is close, else ''. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const close = closestName(name, known);
  return close ? ` Did you mean \`${close}\`?` : '';
}

/**
 * The known names closest to `wanted`, for a list of suggestions: those containing it (or
 * contained in it) first, then those within an edit distance of about a third of its length. At
 * most `limit`.
 */
export function closestNames(wanted: string, known: readonly string[], limit = 3): string[] {
  const needle = wanted.toLowerCase();
  const maxDistance = Math.max(2, Math.ceil(wanted.length / 3));
  return known
    .map((name) => {
      const hay = name.toLowerCase();
      const contains = needle.length > 0 && (hay.includes(needle) || needle.includes(hay));
      return { name, score: contains ? 0 : editDistance(wanted, name) };
    })
    .filter((c) => c.score <= maxDistance)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map((c) => c.name);
}
