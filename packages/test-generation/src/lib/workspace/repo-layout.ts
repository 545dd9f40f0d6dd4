import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { git, tryGit } from '@nx-codex/core';

/**
 * Where things are. Git reports paths relative to the repository root, Nx relative to the
 * workspace root; they differ when the workspace is a sub-folder of a repository.
 * Internally every path is repository-relative with forward slashes.
 */
export interface RepoLayout {
  gitRoot: string;
  workspaceRoot: string;
  /** The project's root, repository-relative ('' when it is the repository root). */
  projectDir: string;
}

export function readRepoLayout(workspaceRoot: string, projectRoot: string): RepoLayout {
  const top = tryGit(workspaceRoot, ['rev-parse', '--show-toplevel'])?.trim();
  if (!top) {
    throw new Error(
      `${workspaceRoot} is not inside a git repository. codex-generate-tests uses git to put back every file Codex should not have touched: run \`git init\` and commit your files first.`,
    );
  }
  if (tryGit(workspaceRoot, ['rev-parse', '--verify', '--quiet', 'HEAD']) === undefined) {
    throw new Error(
      `The git repository at ${top} has no commit yet. Commit your files first, so that codex-generate-tests can restore them.`,
    );
  }
  const gitRoot = realpathSync(top);
  const realWorkspace = realpathSync(workspaceRoot);
  return {
    gitRoot,
    workspaceRoot: realWorkspace,
    projectDir: toPosix(path.relative(gitRoot, path.resolve(realWorkspace, projectRoot))),
  };
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** `a/b` is inside `a`; everything is inside ''. */
export function isInside(file: string, dir: string): boolean {
  return dir === '' || file === dir || file.startsWith(`${dir}/`);
}

/** Repository-relative path as the user sees it: relative to the workspace root. */
export function displayPath(layout: RepoLayout, file: string): string {
  return toPosix(path.relative(layout.workspaceRoot, path.join(layout.gitRoot, file)));
}

/** An absolute path, or one relative to `base` (absolute), as a repository-relative path. */
export function repoPath(layout: RepoLayout, file: string, base: string): string {
  return toPosix(path.relative(layout.gitRoot, path.resolve(base, file)));
}

export function headCommit(gitRoot: string): string {
  return git(gitRoot, ['rev-parse', 'HEAD']).trim();
}
