/**
 * What changed in one file of the `changes` scope: its unified diff against the merge base, and
 * the lines of the new version that the change touches (to tell findings on the change from
 * findings elsewhere in the file).
 */
import { git } from './git';

/** Lines of context around each change: enough to place it, since the prompt carries the whole file as well. */
export const DIFF_CONTEXT_LINES = 5;

export interface FileChange {
  /** The unified diff (hunks only, no `diff --git` header); absent for a new file, whose every line is the change. */
  diff?: string;
  newFile: boolean;
  /** 1-based inclusive line ranges of the new version that were added or modified, or next to a deletion. */
  changedLines: Array<[number, number]>;
}

/**
 * The change of `file` from `fromCommit` to `toCommit`, or to the working tree when `toCommit` is
 * undefined. A file git does not know at `fromCommit` (added, or untracked) is a new file.
 */
export function diffFile(
  workspaceRoot: string,
  fromCommit: string,
  toCommit: string | undefined,
  file: string,
): FileChange {
  const args = [
    'diff',
    `-U${DIFF_CONTEXT_LINES}`,
    '--no-color',
    '--no-ext-diff',
    '--no-renames',
    fromCommit,
    ...(toCommit ? [toCommit] : []),
    '--',
    `:(literal)${file}`,
  ];
  const output = git(workspaceRoot, args);
  const hunksAt = output.search(/^@@ /m);
  if (output.trim() === '' || /^new file mode/m.test(output.slice(0, hunksAt < 0 ? undefined : hunksAt))) {
    // Empty: untracked (git diff does not list it) or unchanged; either way the whole file is the change.
    return {
      newFile: output.trim() === '' ? !tracked(workspaceRoot, fromCommit, file) : true,
      changedLines: [[1, Number.MAX_SAFE_INTEGER]],
    };
  }
  const diff = hunksAt < 0 ? output : output.slice(hunksAt);
  return { diff: diff.endsWith('\n') ? diff : `${diff}\n`, newFile: false, changedLines: changedLineRanges(diff) };
}

function tracked(workspaceRoot: string, commit: string, file: string): boolean {
  try {
    git(workspaceRoot, ['cat-file', '-e', `${commit}:${file}`]);
    return true;
  } catch {
    return false;
  }
}

/** New-side lines that a diff adds, or next to which it deletes, merged into ranges. */
export function changedLineRanges(diff: string): Array<[number, number]> {
  const lines: number[] = [];
  let next = 0;
  for (const line of diff.split('\n')) {
    const hunk = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) next = Number(hunk[1]);
    else if (next === 0 || line.startsWith('\\')) continue;
    else if (line.startsWith('+')) lines.push(next++);
    else if (line.startsWith('-')) lines.push(Math.max(1, next));
    else next++;
  }
  const ranges: Array<[number, number]> = [];
  for (const line of [...new Set(lines)].sort((a, b) => a - b)) {
    const last = ranges[ranges.length - 1];
    if (last && line <= last[1] + 1) last[1] = line;
    else ranges.push([line, line]);
  }
  return ranges;
}

/** True when a finding's lines meet the change. */
export function touchesChange(changedLines: Array<[number, number]>, startLine: number, endLine: number): boolean {
  return changedLines.some(([from, to]) => startLine <= to && endLine >= from);
}
