import { gitBuffer, splitNul } from '@nx-codex/core';

/** One entry of `git status --porcelain=v1`: X is the index state, Y the working tree's. */
export interface StatusEntry {
  /** Repository-relative. */
  path: string;
  index: string;
  worktree: string;
}

/** Parses `git status --porcelain=v1 -z --no-renames` output ("XY path\0..."). */
export function parseStatus(output: string): StatusEntry[] {
  return splitNul(output).map((entry) => ({ index: entry[0], worktree: entry[1], path: entry.slice(3) }));
}

/** Tracked changes and untracked (not ignored) files, every file listed one by one. */
export function readStatus(gitRoot: string, pathspec?: string): StatusEntry[] {
  const args = ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--ignore-submodules=all'];
  if (pathspec !== undefined) args.push('--', pathspec === '' ? '.' : pathspec);
  return parseStatus(gitBuffer(gitRoot, args).toString('utf8'));
}

export function isUntracked(entry: StatusEntry): boolean {
  return entry.index === '?';
}

/** A short word for the report and error messages. */
export function describeStatus(entry: StatusEntry): string {
  if (entry.index === '?') return 'untracked';
  if (entry.index === 'D' || entry.worktree === 'D') return 'deleted';
  if (entry.index === 'A') return 'added';
  return 'modified';
}
