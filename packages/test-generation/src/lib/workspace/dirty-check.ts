import { describeStatus, readStatus, type StatusEntry } from './git-status';
import { displayPath, type RepoLayout } from './repo-layout';

/** Uncommitted changes (untracked files included) in the project folder: what Codex may write over. */
export function findDirtyFiles(layout: RepoLayout): StatusEntry[] {
  return readStatus(layout.gitRoot, layout.projectDir);
}

export function dirtyWorkspaceMessage(project: string, layout: RepoLayout, dirty: StatusEntry[]): string {
  const shown = dirty.slice(0, 20).map((entry) => `  ${displayPath(layout, entry.path)} (${describeStatus(entry)})`);
  if (dirty.length > shown.length) shown.push(`  … and ${dirty.length - shown.length} more`);
  return [
    `Project "${project}" has uncommitted changes in ${dirty.length === 1 ? 'a file' : `${dirty.length} files`} that codex-generate-tests may write over:`,
    ...shown,
    'Commit or stash them first (`git stash -u`), or pass --allowDirty to run anyway (the changes are then kept as they are now, and restored if Codex touches them).',
  ].join('\n');
}
