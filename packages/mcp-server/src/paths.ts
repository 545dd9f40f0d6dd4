import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ToolError } from './tool';

/** True when `candidate` is `root` or lies below it (both absolute, already resolved). */
export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

/** The real path of `p`, or of its closest existing ancestor joined with the rest (so symlinks cannot escape). */
function realOrClosest(p: string): string {
  try {
    return realpathSync.native(p);
  } catch {
    const parent = resolve(p, '..');
    if (parent === p) return p;
    return resolve(realOrClosest(parent), relative(parent, p));
  }
}

/**
 * Resolves a path argument (relative ones against the workspace root) and refuses anything that
 * leaves the workspace, through `..` or through a symlink.
 */
export function resolveInWorkspace(workspaceRoot: string, value: string, argName: string): string {
  const root = realOrClosest(resolve(workspaceRoot));
  const target = realOrClosest(resolve(root, value));
  if (!isInside(root, target)) {
    throw new ToolError(
      `${argName} "${value}" is outside the workspace ${root} (it resolves to ${target}). ` +
        `This server only works inside the workspace it was started in: give a path inside it ` +
        `(relative paths are resolved against the workspace root), or start nx-codex-mcp with --workspace <dir>.`,
    );
  }
  return target;
}

/** Like resolveInWorkspace, for a directory that must exist (a `cwd`). */
export function resolveWorkspaceDir(workspaceRoot: string, value: string, argName: string): string {
  const dir = resolveInWorkspace(workspaceRoot, value, argName);
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new ToolError(
      `${argName} "${value}" does not exist (resolved to ${dir}). Give an existing directory inside the workspace.`,
    );
  }
  if (!isDir) throw new ToolError(`${argName} "${value}" is not a directory (resolved to ${dir}).`);
  return dir;
}
