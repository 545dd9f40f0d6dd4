import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { git, gitBuffer, splitNul, tryGit } from '@nx-codex/core';
import { isUntracked, readStatus } from './git-status';

/**
 * The state of the working tree before Codex ran, kept so that anything can be put back.
 * Clean files need no copy (git has them); dirty and untracked files are copied.
 */
export interface WorkspaceSnapshot {
  gitRoot: string;
  /** Dirty or untracked paths then, with their content then (null: deleted in the working tree). */
  dirty: Map<string, Buffer | null>;
  /** Every folder that held a tracked or untracked file: never removed when emptied. */
  dirs: Set<string>;
}

export type ChangeKind = 'added' | 'modified' | 'deleted';

export interface Change {
  /** Repository-relative. */
  path: string;
  kind: ChangeKind;
}

export function takeSnapshot(gitRoot: string): WorkspaceSnapshot {
  const dirty = new Map<string, Buffer | null>();
  for (const entry of readStatus(gitRoot)) dirty.set(entry.path, readOrNull(gitRoot, entry.path));
  const dirs = new Set<string>(['']);
  for (const file of splitNul(git(gitRoot, ['ls-files', '-z', '--cached', '--others', '--exclude-standard']))) {
    for (let dir = path.posix.dirname(file); dir !== '.' && !dirs.has(dir); dir = path.posix.dirname(dir))
      dirs.add(dir);
  }
  return { gitRoot, dirty, dirs };
}

/** Every file whose content differs from the snapshot (git-ignored files are not seen). */
export function changesSince(snapshot: WorkspaceSnapshot): Change[] {
  const changes = new Map<string, Change>();
  for (const entry of readStatus(snapshot.gitRoot)) {
    if (snapshot.dirty.has(entry.path)) continue;
    const kind =
      entry.index === 'D' || entry.worktree === 'D'
        ? 'deleted'
        : isUntracked(entry) || entry.index === 'A'
          ? 'added'
          : 'modified';
    changes.set(entry.path, { path: entry.path, kind });
  }
  for (const [file, before] of snapshot.dirty) {
    const now = readOrNull(snapshot.gitRoot, file);
    if (sameContent(before, now)) continue;
    changes.set(file, { path: file, kind: before === null ? 'added' : now === null ? 'deleted' : 'modified' });
  }
  return [...changes.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The file's content as it was in the snapshot (null: it did not exist). */
export function contentBefore(snapshot: WorkspaceSnapshot, file: string): Buffer | null {
  if (snapshot.dirty.has(file)) return snapshot.dirty.get(file) ?? null;
  return tryGitBlob(snapshot.gitRoot, `HEAD:${file}`);
}

/** Puts each path back as it was in the snapshot: content restored, new files removed (and the folders they needed). */
export function restorePaths(snapshot: WorkspaceSnapshot, files: string[]): void {
  const fromHead: string[] = [];
  for (const file of files) {
    if (snapshot.dirty.has(file)) {
      const before = snapshot.dirty.get(file) ?? null;
      if (before === null) removeFile(snapshot, file);
      else writeFile(snapshot.gitRoot, file, before);
    } else if (tryGit(snapshot.gitRoot, ['cat-file', '-e', `HEAD:${file}`]) !== undefined) {
      fromHead.push(file);
    } else {
      // New since the snapshot; if Codex staged it, unstage it too.
      tryGit(snapshot.gitRoot, ['rm', '--cached', '--quiet', '--ignore-unmatch', '--', file]);
      removeFile(snapshot, file);
    }
  }
  // Clean in the snapshot means index == HEAD == working tree: both come back from HEAD.
  for (let i = 0; i < fromHead.length; i += 200)
    gitBuffer(snapshot.gitRoot, ['checkout', 'HEAD', '--', ...fromHead.slice(i, i + 200)]);
}

/** Removes a file Codex created in a git-ignored place (it had no content before: nothing to restore). */
export function removeNewFile(snapshot: WorkspaceSnapshot, file: string): void {
  removeFile(snapshot, file);
}

function removeFile(snapshot: WorkspaceSnapshot, file: string): void {
  rmSync(path.join(snapshot.gitRoot, file), { force: true });
  for (let dir = path.posix.dirname(file); dir !== '.' && !snapshot.dirs.has(dir); dir = path.posix.dirname(dir)) {
    const absolute = path.join(snapshot.gitRoot, dir);
    if (!existsSync(absolute) || readdirSync(absolute).length > 0) break;
    rmdirSync(absolute);
  }
}

function writeFile(gitRoot: string, file: string, content: Buffer): void {
  const absolute = path.join(gitRoot, file);
  mkdirSync(path.dirname(absolute), { recursive: true });
  writeFileSync(absolute, content);
}

function readOrNull(gitRoot: string, file: string): Buffer | null {
  try {
    return readFileSync(path.join(gitRoot, file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return null;
    throw error;
  }
}

function tryGitBlob(gitRoot: string, spec: string): Buffer | null {
  try {
    return gitBuffer(gitRoot, ['cat-file', 'blob', spec]);
  } catch {
    return null;
  }
}

function sameContent(a: Buffer | null, b: Buffer | null): boolean {
  return a === null || b === null ? a === b : a.equals(b);
}
