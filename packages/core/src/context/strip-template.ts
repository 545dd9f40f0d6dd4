/**
 * What of a `.codex/context.md` a model should read. The file is a template for humans: HTML
 * comments explain it and carry sample rules ("All SQL goes through parameterized queries"), and
 * its sections start empty. Sent as is, a model takes the samples for the team's rules and pays
 * tokens for headings with nothing under them. So comments go, then every heading whose section
 * holds no text. Code fences are kept verbatim (a `<!--` or `#` in a fence is content).
 */
export function stripContextTemplate(markdown: string): string {
  const lines = removeComments(markdown.replace(/\r\n?/g, '\n')).split('\n');
  return compactTables(dropEmptySections(lines))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Table rows without the padding a formatter adds to align columns for the eye: a model reads
 * `| a | b |` as well, and a 17-project table formatted by Prettier is about half spaces.
 */
function compactTables(lines: string[]): string[] {
  const isCode = codeLineTracker();
  return lines.map((line) => {
    if (isCode(line) || !/^\s*\|.*\|\s*$/.test(line)) return line;
    return line.trim().replace(/ {2,}/g, ' ').replace(/-{4,}/g, '---');
  });
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]|$)/;

/** Removes `<!-- … -->` outside code fences; a comment alone on its lines leaves no blank line behind. */
function removeComments(text: string): string {
  const out: string[] = [];
  const isCode = codeLineTracker();
  let inComment = false;
  for (const line of text.split('\n')) {
    if (!inComment && isCode(line)) {
      out.push(line);
      continue;
    }
    let rest = line;
    let kept = '';
    while (rest !== '') {
      if (inComment) {
        const end = rest.indexOf('-->');
        if (end < 0) {
          rest = '';
          break;
        }
        rest = rest.slice(end + 3);
        inComment = false;
      } else {
        const start = rest.indexOf('<!--');
        if (start < 0) {
          kept += rest;
          break;
        }
        kept += rest.slice(0, start);
        rest = rest.slice(start + 4);
        inComment = true;
      }
    }
    const hadComment = kept !== line;
    if (!hadComment || kept.trim() !== '') out.push(hadComment ? kept.trimEnd() : kept);
  }
  return out.join('\n');
}

/** Drops each heading with no text before the next heading of the same or a higher level. */
function dropEmptySections(lines: string[]): string[] {
  const levels = headingLevels(lines);
  return lines.filter((_, index) => {
    const level = levels[index];
    if (level === undefined) return true;
    for (let next = index + 1; next < lines.length; next++) {
      const nextLevel = levels[next];
      if (nextLevel !== undefined && nextLevel <= level) return false;
      if (nextLevel === undefined && lines[next].trim() !== '') return true;
    }
    return false;
  });
}

/** The heading level of each line (undefined for other lines and for lines inside fences). */
function headingLevels(lines: string[]): Array<number | undefined> {
  const isCode = codeLineTracker();
  return lines.map((line) => (isCode(line) ? undefined : HEADING.exec(line)?.[1].length));
}

/** Fed the lines in order, says whether each is a fence line or inside a fenced code block. */
function codeLineTracker(): (line: string) => boolean {
  let fence: string | undefined;
  return (line) => {
    const marker = FENCE.exec(line)?.[1];
    if (fence) {
      if (marker && marker[0] === fence[0] && marker.length >= fence.length) fence = undefined;
      return true;
    }
    fence = marker;
    return marker !== undefined;
  };
}
