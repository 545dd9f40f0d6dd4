import { git, gitAsync, GitError, isInsideGitWorkTree, isInsideGitWorkTreeAsync, resolveCommit, splitNul } from './git';
import { resolveBaseRef } from './resolve-base';
import { walkProject } from './walk-project';

export interface ChangeRange {
  base: string;
  head?: string;
  /** The commit `head` resolved to, when given. */
  headCommit?: string;
  /** True when `head` is the checked-out commit, so the working tree holds its files. */
  headIsCheckedOut: boolean;
  /** Where the change starts: the merge base of base and head (or HEAD), as `nx affected` compares. */
  fromCommit: string;
}

/**
 * Files of the project: git's view (tracked + untracked, minus ignored) in a repository, a walk
 * outside one, in one git refuses to open, or without git. The thread is not blocked while git
 * runs (a batch reviews many projects on one thread); the work-tree question is asked only when
 * the listing fails.
 */
export async function listProjectFiles(workspaceRoot: string, projectRoot: string): Promise<string[]> {
  let output: string;
  try {
    output = await gitAsync(workspaceRoot, [
      'ls-files',
      '--cached',
      '--others',
      '--exclude-standard',
      '-z',
      '--',
      pathspec(projectRoot),
    ]);
  } catch (error) {
    // git missing or refusing the folder (exit 128), and not a work tree by its own account: a walk.
    // Anything else (out of processes, a broken index) is an error, not a reason to skip git's rules.
    const refused = error instanceof GitError && (error.exitCode === 128 || error.missing);
    if (refused && !(await isInsideGitWorkTreeAsync(workspaceRoot))) return walkProject(workspaceRoot, projectRoot);
    throw error;
  }
  return unique(splitNul(output));
}

/** Resolves base and head: the options first, then NX_BASE / NX_HEAD, then the workspace's default base (see resolveBaseRef). */
export function resolveChangeRange(
  workspaceRoot: string,
  base: string | undefined,
  head: string | undefined,
  env: NodeJS.ProcessEnv,
): ChangeRange {
  if (!isInsideGitWorkTree(workspaceRoot)) {
    throw new Error(
      `The "changes" scope needs a git repository, and ${workspaceRoot} is not inside one. Use scope "project", or run in a git checkout.`,
    );
  }
  const baseRef = resolveBaseRef({ workspaceRoot, option: base, env }).ref;
  const headRef = head || env.NX_HEAD || undefined;
  const baseCommit = resolveCommit(workspaceRoot, baseRef) as string;
  if (headRef === undefined)
    return { base: baseRef, headIsCheckedOut: true, fromCommit: mergeBase(workspaceRoot, baseCommit, 'HEAD') };
  const headCommit = resolveCommit(workspaceRoot, headRef);
  if (!headCommit) {
    const from = head ? 'the changesHead option' : 'NX_HEAD';
    throw new Error(
      `Cannot resolve the head "${headRef}" (from ${from}) to a commit in ${workspaceRoot}. Set NX_HEAD to a branch or commit, or leave it unset to review the working tree.`,
    );
  }
  return {
    base: baseRef,
    head: headRef,
    headCommit,
    headIsCheckedOut: headCommit === resolveCommit(workspaceRoot, 'HEAD'),
    fromCommit: mergeBase(workspaceRoot, baseCommit, headCommit),
  };
}

function mergeBase(workspaceRoot: string, base: string, head: string): string {
  try {
    return git(workspaceRoot, ['merge-base', base, head]).trim();
  } catch {
    throw new Error(
      `The base ${base} and ${head} share no history in ${workspaceRoot}, so there is no change to review. In CI, fetch the base branch's history (actions/checkout with fetch-depth: 0).`,
    );
  }
}

/**
 * Files changed in the range, limited to the project, deletions left out.
 * With a head: `base...head` (from their merge base, as `nx affected`). Without one: from the
 * merge base of base and HEAD to the working tree, plus untracked files.
 */
export function listChangedFiles(workspaceRoot: string, projectRoot: string, range: ChangeRange): string[] {
  const diff = ['diff', '--name-only', '-z', '--relative', '--no-renames', '--no-ext-diff', '--diff-filter=d'];
  if (range.headCommit) {
    return unique(
      splitNul(git(workspaceRoot, [...diff, range.fromCommit, range.headCommit, '--', pathspec(projectRoot)])),
    );
  }
  const changed = splitNul(git(workspaceRoot, [...diff, range.fromCommit, '--', pathspec(projectRoot)]));
  const untracked = splitNul(
    git(workspaceRoot, ['ls-files', '--others', '--exclude-standard', '-z', '--', pathspec(projectRoot)]),
  );
  return unique([...changed, ...untracked]);
}

function pathspec(projectRoot: string): string {
  // Relative to the workspace root (git's cwd); literal, so that a folder named like a glob matches only itself.
  return `:(literal)${projectRoot === '' ? '.' : projectRoot}`;
}

function unique(files: string[]): string[] {
  return [...new Set(files)].sort();
}
