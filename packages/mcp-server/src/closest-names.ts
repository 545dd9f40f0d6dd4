/** Edit distance (insert, delete, substitute), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[t.length];
}

/**
 * The known names closest to `wanted`: those containing it (or contained in it) first, then those
 * within an edit distance of about a third of its length. At most `limit`.
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
