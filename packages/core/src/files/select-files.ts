import { statSync } from 'node:fs';
import * as path from 'node:path';
import { minimatch } from 'minimatch';
import { CONTEXT_FILE } from '../context';
import type { SkippedFile } from '../findings/types';
import { diffFile, type FileChange } from './file-diff';
import { isAllowedSecretPath } from '../secrets/options';
import { commitSource, workingTreeSource, type FileSource } from './file-source';
import { inspectFile, type SelectedFile } from './inspect-file';
import { listChangedFiles, listProjectFiles, resolveChangeRange } from './list-files';

export type FileScope = 'project' | 'changes';

export interface SelectFilesOptions {
  workspaceRoot: string;
  /** Workspace-relative (as Nx gives it) or absolute; '' or '.' for the workspace root. */
  projectRoot: string;
  scope: FileScope;
  /** scope 'changes': default NX_BASE, else nx.json defaultBase, else the repository's default branch. */
  base?: string;
  /** scope 'changes': default NX_HEAD, else the working tree (plus untracked files). */
  head?: string;
  /** Globs relative to the project root; default: every file. */
  include?: string[];
  /** Globs relative to the project root. */
  exclude?: string[];
  maxFileBytes: number;
  /** Workspace-relative globs whose secret files (.env, *.pem...) are read like any file (the user's allowSecretPaths). */
  allowSecretPaths?: string[];
  /** Where NX_BASE / NX_HEAD are read from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface FileSelection {
  /** Sorted by path. */
  files: SelectedFile[];
  /** Sorted by path; every listed file that is not in `files`, with the reason. */
  skipped: SkippedFile[];
  /** scope 'changes': the refs that were compared. */
  base?: string;
  head?: string;
}

export async function selectFiles(options: SelectFilesOptions): Promise<FileSelection> {
  if (!(options.maxFileBytes > 0))
    throw new Error(`maxFileBytes must be a positive number of bytes, got ${options.maxFileBytes}.`);
  const workspaceRoot = path.resolve(options.workspaceRoot);
  const projectRoot = workspaceRelative(workspaceRoot, options.projectRoot);

  let candidates: string[];
  let source: FileSource = workingTreeSource(workspaceRoot);
  let range: { base?: string; head?: string } = {};
  let changeOf: ((file: string) => FileChange) | undefined;
  if (options.scope === 'changes') {
    const changeRange = resolveChangeRange(workspaceRoot, options.base, options.head, options.env ?? process.env);
    candidates = listChangedFiles(workspaceRoot, projectRoot, changeRange);
    if (changeRange.headCommit && !changeRange.headIsCheckedOut)
      source = commitSource(workspaceRoot, changeRange.headCommit, projectRoot);
    range = { base: changeRange.base, head: changeRange.head };
    changeOf = (file) =>
      diffFile(
        workspaceRoot,
        changeRange.fromCommit,
        changeRange.headIsCheckedOut ? undefined : changeRange.headCommit,
        file,
      );
  } else if (options.scope === 'project') {
    if (!isDirectory(path.join(workspaceRoot, projectRoot))) {
      throw new Error(
        `The project root ${projectRoot || '.'} is not a folder in the workspace ${workspaceRoot}. Check the project's "root" in project.json.`,
      );
    }
    candidates = await listProjectFiles(workspaceRoot, projectRoot);
  } else {
    throw new Error(`Unknown file scope "${String(options.scope)}": use "project" or "changes".`);
  }

  const matches = globFilter(projectRoot, options.include, options.exclude);
  // The project's context file goes into the prompt as context, without its template comments:
  // reviewed as a source file it would be sent twice, comments and all.
  const contextFile = projectRoot === '' ? CONTEXT_FILE : `${projectRoot}/${CONTEXT_FILE}`;
  const files: SelectedFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const file of candidates.filter((candidate) => candidate !== contextFile && matches(candidate))) {
    const inspection = inspectFile(
      source,
      file,
      options.maxFileBytes,
      isAllowedSecretPath(file, options.allowSecretPaths),
    );
    if ('file' in inspection) files.push(changeOf ? { ...inspection.file, change: changeOf(file) } : inspection.file);
    else if ('skipped' in inspection) skipped.push(inspection.skipped);
  }
  return { files, skipped: skipped.sort((a, b) => compare(a.file, b.file)), ...range };
}

function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

function workspaceRelative(workspaceRoot: string, projectRoot: string): string {
  const relative = path.relative(workspaceRoot, path.resolve(workspaceRoot, projectRoot)).split(path.sep).join('/');
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    throw new Error(
      `The project root ${projectRoot} is outside the workspace ${workspaceRoot}. Give a path inside the workspace.`,
    );
  }
  return relative;
}

/** A glob that names a folder ("generated", "src/legacy/**") covers the files under it too. */
function globFilter(
  projectRoot: string,
  include: string[] | undefined,
  exclude: string[] | undefined,
): (file: string) => boolean {
  const includes = include && include.length > 0 ? include : undefined;
  return (file) => {
    const inProject =
      projectRoot === '' ? file : file.startsWith(`${projectRoot}/`) ? file.slice(projectRoot.length + 1) : undefined;
    if (inProject === undefined) return false;
    if (includes && !includes.some((glob) => matchesGlob(inProject, glob))) return false;
    return !(exclude ?? []).some((glob) => matchesGlob(inProject, glob));
  };
}

function matchesGlob(file: string, glob: string): boolean {
  const segments = file.split('/');
  for (let length = segments.length; length > 0; length--) {
    if (minimatch(segments.slice(0, length).join('/'), glob, { dot: true })) return true;
  }
  return false;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
