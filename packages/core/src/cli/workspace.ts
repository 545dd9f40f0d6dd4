import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { findWorkspaceRoot } from '../files/workspace-root';
import { UsageError } from './io';

/** `--workspace`, else the nearest folder at or above `cwd` with an nx.json, else `cwd`. */
export function workspaceRootFor(cwd: string, explicit?: string): string {
  if (!explicit) return findWorkspaceRoot(cwd);
  const dir = path.resolve(cwd, explicit);
  if (!isDirectory(dir)) throw new UsageError(`--workspace ${explicit}: ${dir} is not a directory.`);
  return dir;
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function nameIn(file: string): string | undefined {
  try {
    const name = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

const SKIPPED = new Set(['node_modules', 'dist', 'coverage', 'tmp']);

function childDirs(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED.has(entry.name))
      .map((entry) => path.join(dir, entry.name));
  } catch {
    return [];
  }
}

function insideWorkspace(workspaceRoot: string, dir: string): boolean {
  const relative = path.relative(workspaceRoot, dir);
  return !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * A project's root from `--project`: a directory inside the workspace (relative to the current
 * folder or to the workspace root, like Nx project roots), or the name in a
 * project.json / package.json one or two folders down (apps/x, libs/x, packages/x): a few file
 * reads, not the project graph, so that the fingerprint stays fast.
 */
export function resolveProjectRoot(workspaceRoot: string, project: string, cwd: string): string {
  for (const dir of [path.resolve(cwd, project), path.resolve(workspaceRoot, project)]) {
    if (isDirectory(dir) && insideWorkspace(workspaceRoot, dir)) return dir;
  }
  const candidates = childDirs(workspaceRoot).flatMap((dir) => [dir, ...childDirs(dir)]);
  for (const dir of candidates) {
    const name = nameIn(path.join(dir, 'project.json')) ?? nameIn(path.join(dir, 'package.json'));
    if (name === project) return dir;
  }
  throw new UsageError(
    `--project ${project}: no such directory in ${workspaceRoot}, and no project.json or package.json one or two folders down names it. Pass the project's root directory (e.g. --project packages/${project}).`,
  );
}
