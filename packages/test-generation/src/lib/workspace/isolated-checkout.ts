import {
  type Stats,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { git, tryGit } from '@nx-codex/core';
import { readStatus } from './git-status';
import { type RepoLayout } from './repo-layout';

/** Folder-name prefix of our checkouts: `<prefix><pid>-<random>`, so that a later run can tell a dead run's checkout. */
const CHECKOUT_PREFIX = 'nx-codex-generate-tests-';

/**
 * A temporary `git worktree` of HEAD where Codex writes and the tests run: the user's working
 * tree is never written by the run, however it ends. `layout` has the same relative paths as the
 * user's, rooted in the checkout.
 */
export interface IsolatedCheckout {
  layout: RepoLayout;
  /** The temporary folder holding the checkout (what a watchdog removes if the run dies). */
  folder: string;
  /** Removes the worktree (and its git bookkeeping). Safe to call twice. */
  remove(): void;
}

/**
 * Makes the checkout: a detached worktree of HEAD; with `copyDirtyProject`, the project's
 * uncommitted files (modified, untracked, deleted) as they are now in the user's tree; the
 * workspace's node_modules linked in, so that the project's own tools run unchanged.
 * Only the project's dirty files are read: an untracked symlink loop or a huge file elsewhere in
 * the repository is never touched.
 */
export function createIsolatedCheckout(user: RepoLayout, options: { copyDirtyProject: boolean }): IsolatedCheckout {
  removeStaleCheckouts(user.gitRoot);
  const holder = mkdtempSync(path.join(tmpdir(), `${CHECKOUT_PREFIX}${process.pid}-`));
  const root = path.join(holder, 'repo');
  let added = false;
  const remove = (): void => {
    // Our node_modules links go first: nothing below may ever follow them into the user's tree.
    unlinkLinks(root, user);
    rmSync(holder, { recursive: true, force: true });
    if (added) tryGit(user.gitRoot, ['worktree', 'prune']);
    added = false;
  };
  try {
    git(user.gitRoot, ['worktree', 'add', '--detach', '--quiet', root, 'HEAD']);
    added = true;
    const layout: RepoLayout = {
      gitRoot: root,
      workspaceRoot: path.join(root, path.relative(user.gitRoot, user.workspaceRoot)),
      projectDir: user.projectDir,
    };
    if (options.copyDirtyProject) copyDirtyFiles(user, root);
    linkNodeModules(user, layout);
    return { layout, folder: holder, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/** The user's uncommitted state of the project, copied into the checkout (symlinks as symlinks). */
function copyDirtyFiles(user: RepoLayout, root: string): void {
  for (const entry of readStatus(user.gitRoot, user.projectDir)) {
    const from = path.join(user.gitRoot, entry.path);
    const to = path.join(root, entry.path);
    const stat = lstatOrUndefined(from);
    rmSync(to, { force: true });
    if (!stat) continue; // deleted in the user's tree
    mkdirSync(path.dirname(to), { recursive: true });
    if (stat.isSymbolicLink()) symlinkSync(readlinkSync(from), to);
    else if (stat.isFile()) writeFileSync(to, readFileSync(from), { mode: stat.mode });
  }
}

/** The folders whose node_modules the checkout borrows: the workspace root's and the project's own (npm workspaces). */
function nodeModulesLinks(user: RepoLayout, checkoutRoot: string): Array<{ link: string; target: string }> {
  const projectAbsolute = path.join(user.gitRoot, user.projectDir);
  const folders = [...new Set([user.workspaceRoot, projectAbsolute])];
  return folders
    .map((folder) => ({
      link: path.join(checkoutRoot, path.relative(user.gitRoot, folder), 'node_modules'),
      target: path.join(folder, 'node_modules'),
    }))
    .filter(({ target }) => existsSync(target));
}

function linkNodeModules(user: RepoLayout, layout: RepoLayout): void {
  for (const { link, target } of nodeModulesLinks(user, layout.gitRoot)) {
    if (lstatOrUndefined(link)) continue; // committed node_modules: the checkout has its own
    mkdirSync(path.dirname(link), { recursive: true });
    symlinkSync(target, link, 'dir');
  }
}

function unlinkLinks(root: string, user: RepoLayout): void {
  for (const { link } of nodeModulesLinks(user, root)) {
    if (lstatOrUndefined(link)?.isSymbolicLink()) rmSync(link, { force: true });
  }
}

/**
 * A run killed with SIGKILL could not remove its checkout: the next run does, for every checkout
 * of ours whose process is gone, then lets git forget worktrees whose folder no longer exists.
 */
export function removeStaleCheckouts(gitRoot: string): void {
  const listing = tryGit(gitRoot, ['worktree', 'list', '--porcelain']) ?? '';
  for (const line of listing.split('\n')) {
    if (!line.startsWith('worktree ')) continue;
    const worktree = line.slice('worktree '.length);
    const holder = path.dirname(worktree);
    const match = new RegExp(`^${CHECKOUT_PREFIX}(\\d+)-`).exec(path.basename(holder));
    if (!match || path.basename(worktree) !== 'repo' || processAlive(Number(match[1]))) continue;
    // rmSync removes a symlink (our node_modules links), never what it points to.
    rmSync(holder, { recursive: true, force: true });
  }
  tryGit(gitRoot, ['worktree', 'prune']);
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lstatOrUndefined(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}
