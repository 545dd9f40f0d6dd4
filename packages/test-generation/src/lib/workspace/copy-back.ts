import { lstatSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { gitBuffer, writeFileAtomic } from '@nx-codex/core';
import { readStatus } from './git-status';
import { headCommit, type RepoLayout } from './repo-layout';
import type { RunCopies } from './run-copies';

/** The user's project as the run found it: the commit, and the uncommitted files' contents then. */
export interface ProjectStart {
  gitRoot: string;
  commit: string;
  /** Uncommitted files of the project (null: deleted, or not a regular file). */
  dirty: Map<string, Buffer | null>;
}

export interface CopyBackResult {
  /** Repository-relative. */
  path: string;
  /** copied: written into the user's tree; conflict: the user's file changed during the run, left alone. */
  outcome: 'copied' | 'conflict';
  /** Conflict: where the generated version was saved instead (workspace-relative). */
  savedAs?: string;
}

/** Reads only the project's uncommitted files: the rest of the repository may hold anything (a symlink loop, a huge file). */
export function recordProjectStart(user: RepoLayout): ProjectStart {
  const dirty = new Map<string, Buffer | null>();
  for (const entry of readStatus(user.gitRoot, user.projectDir))
    dirty.set(entry.path, readRegularFile(path.join(user.gitRoot, entry.path)));
  return { gitRoot: user.gitRoot, commit: headCommit(user.gitRoot), dirty };
}

/**
 * Hands the kept tests back: each file goes into the user's tree only when the user's copy is
 * what it was when the run started (absent, or unchanged); otherwise it is a conflict, and the
 * generated version is saved in the run folder. Nothing of the user's is overwritten or removed.
 */
export function copyBack(
  files: string[],
  checkout: RepoLayout,
  start: ProjectStart,
  copies: RunCopies,
): CopyBackResult[] {
  return files.map((file) => {
    const generated = readFileSync(path.join(checkout.gitRoot, file));
    const target = path.join(start.gitRoot, file);
    const before = contentAtStart(start, file);
    const now = readRegularFile(target);
    const untouched = before === null ? !exists(target) : now !== null && now.equals(before);
    if (!untouched) return { path: file, outcome: 'conflict', savedAs: copies.keepContent(file, generated) };
    try {
      writeGenerated(target, generated, before === null);
    } catch (error) {
      // The user created the file in the instant between the check and the write.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return { path: file, outcome: 'conflict', savedAs: copies.keepContent(file, generated) };
    }
    return { path: file, outcome: 'copied' };
  });
}

function writeGenerated(target: string, content: Buffer, isNew: boolean): void {
  mkdirSync(path.dirname(target), { recursive: true });
  if (isNew) {
    // 'wx' fails if the file appeared meanwhile: a new file never replaces one of the user's.
    writeFileSync(target, content, { flag: 'wx' });
    return;
  }
  writeFileAtomic(target, content);
}

/** The file as the run found it; null: it did not exist. */
export function contentAtStart(start: ProjectStart, file: string): Buffer | null {
  if (start.dirty.has(file)) return start.dirty.get(file) ?? null;
  try {
    return gitBuffer(start.gitRoot, ['cat-file', 'blob', `${start.commit}:${file}`]);
  } catch {
    return null;
  }
}

function readRegularFile(file: string): Buffer | null {
  try {
    return lstatSync(file).isFile() ? readFileSync(file) : null;
  } catch {
    return null;
  }
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
