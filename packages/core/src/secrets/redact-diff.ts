/**
 * A unified diff's context and added lines are lines of the new version: they are taken from its
 * redacted text, so a secret the file scan found is redacted in the diff too, even where a hunk cuts
 * it in half (a private key's body without its BEGIN line matches no rule on its own). Removed lines
 * are left for the scan of the diff itself.
 */
export function redactDiffFromNewVersion(diff: string, redactedNewVersion: string): string {
  const newLines = redactedNewVersion.split('\n');
  let next = 0;
  return diff
    .split('\n')
    .map((line) => {
      const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
      if (hunk) {
        next = Number(hunk[1]);
        return line;
      }
      if (next === 0 || line === '' || line.startsWith('\\') || line.startsWith('-')) return line;
      const replaced = `${line[0]}${newLines[next - 1] ?? ''}`;
      next++;
      return replaced;
    })
    .join('\n');
}
