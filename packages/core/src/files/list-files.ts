import { git, isInsideGitWorkTree, resolveCommit, splitNul } from './git';
import { walkProject } from './walk-project';

export interface ChangeRange {
  base: string;
  head?: string;
  /** The commit `head` resolved to, when given. */
  headCommit?: string;
  /** True when `head` is the checked-out commit, so the working tree holds its files. */
  headIsCheckedOut: boolean;
}

/** Files of the project: git's view (tracked + untracked, minus ignored) in a repository, a walk outside one. */
export function listProjectFiles(workspaceRoot: string, projectRoot: string): string[] {
  if (!isInsideGitWorkTree(workspaceRoot)) return walkProject(workspaceRoot, projectRoot);
  const output = git(workspaceRoot, ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', pathspec(projectRoot)]);
  return unique(splitNul(output));
}

/** Resolves base and head the way `nx affected` does: options first, then NX_BASE / NX_HEAD, then `main`. */
export function resolveChangeRange(workspaceRoot: string, base: string | undefined, head: string | undefined, env: NodeJS.ProcessEnv): ChangeRange {
  if (!isInsideGitWorkTree(workspaceRoot)) {
    throw new Error(`The "changes" scope needs a git repository, and ${workspaceRoot} is not inside one. Use scope "project", or run in a git checkout.`);
  }
  const baseRef = base || env.NX_BASE || 'main';
  const headRef = head || env.NX_HEAD || undefined;
  if (!resolveCommit(workspaceRoot, baseRef)) {
    const from = base ? 'the base option' : env.NX_BASE ? 'NX_BASE' : 'the default base';
    throw new Error(`Cannot resolve the base "${baseRef}" (from ${from}) to a commit in ${workspaceRoot}. Pass --base=<branch|sha> (for example --base=origin/main), or set NX_BASE; in CI, fetch enough history for that ref.`);
  }
  if (headRef === undefined) return { base: baseRef, headIsCheckedOut: true };
  const headCommit = resolveCommit(workspaceRoot, headRef);
  if (!headCommit) {
    const from = head ? 'the head option' : 'NX_HEAD';
    throw new Error(`Cannot resolve the head "${headRef}" (from ${from}) to a commit in ${workspaceRoot}. Pass --head=<branch|sha>, or leave it out to review the working tree.`);
  }
  return { base: baseRef, head: headRef, headCommit, headIsCheckedOut: headCommit === resolveCommit(workspaceRoot, 'HEAD') };
}

/**
 * Files changed in the range, limited to the project, deletions left out.
 * With a head: `base...head` (from their merge base, as `nx affected`). Without one: from the
 * merge base of base and HEAD to the working tree, plus untracked files.
 */
export function listChangedFiles(workspaceRoot: string, projectRoot: string, range: ChangeRange): string[] {
  const baseCommit = resolveCommit(workspaceRoot, range.base) as string;
  const diff = ['diff', '--name-only', '-z', '--relative', '--no-renames', '--no-ext-diff', '--diff-filter=d'];
  if (range.headCommit) {
    return unique(splitNul(git(workspaceRoot, [...diff, `${baseCommit}...${range.headCommit}`, '--', pathspec(projectRoot)])));
  }
  const mergeBase = git(workspaceRoot, ['merge-base', baseCommit, 'HEAD']).trim();
  const changed = splitNul(git(workspaceRoot, [...diff, mergeBase, '--', pathspec(projectRoot)]));
  const untracked = splitNul(git(workspaceRoot, ['ls-files', '--others', '--exclude-standard', '-z', '--', pathspec(projectRoot)]));
  return unique([...changed, ...untracked]);
}

function pathspec(projectRoot: string): string {
  // Relative to the workspace root (git's cwd); literal, so that a folder named like a glob matches only itself.
  return `:(literal)${projectRoot === '' ? '.' : projectRoot}`;
}

function unique(files: string[]): string[] {
  return [...new Set(files)].sort();
}
