import { lstatSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gitBuffer, splitNul } from './git';

export type EntryKind = 'file' | 'symlink' | 'directory' | 'submodule' | 'other' | 'missing';

export interface SourceEntry {
  kind: EntryKind;
  size: number;
}

/** Where file contents come from: the working tree, or a commit when a review's head is not checked out. */
export interface FileSource {
  /** Never follows symlinks. */
  describe(file: string): SourceEntry;
  read(file: string): Buffer;
}

export function workingTreeSource(workspaceRoot: string): FileSource {
  return {
    describe(file) {
      try {
        const stat = lstatSync(path.join(workspaceRoot, file));
        if (stat.isSymbolicLink()) return { kind: 'symlink', size: stat.size };
        if (stat.isDirectory()) return { kind: 'directory', size: 0 };
        return { kind: stat.isFile() ? 'file' : 'other', size: stat.size };
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing', size: 0 };
        throw error;
      }
    },
    read(file) {
      return readFileSync(path.join(workspaceRoot, file));
    },
  };
}

interface TreeEntry {
  mode: string;
  object: string;
  size: number;
}

/** Files of `commit` under `projectRoot`, read with `git ls-tree` / `git cat-file` (paths workspace-relative). */
export function commitSource(workspaceRoot: string, commit: string, projectRoot: string): FileSource {
  const entries = new Map<string, TreeEntry>();
  const listing = gitBuffer(workspaceRoot, [
    'ls-tree',
    '-r',
    '-z',
    '-l',
    commit,
    '--',
    projectRoot === '' ? '.' : projectRoot,
  ]);
  for (const line of splitNul(listing.toString('utf8'))) {
    const tab = line.indexOf('\t');
    const [mode, , object, size] = line.slice(0, tab).split(/ +/);
    entries.set(line.slice(tab + 1), { mode, object, size: size === '-' ? 0 : Number(size) });
  }
  return {
    describe(file) {
      const entry = entries.get(file);
      if (!entry) return { kind: 'missing', size: 0 };
      if (entry.mode === '120000') return { kind: 'symlink', size: entry.size };
      if (entry.mode === '160000') return { kind: 'submodule', size: 0 };
      return { kind: 'file', size: entry.size };
    },
    read(file) {
      const entry = entries.get(file);
      if (!entry) throw new Error(`${file} is not in commit ${commit}`);
      return gitBuffer(workspaceRoot, ['cat-file', 'blob', entry.object]);
    },
  };
}
