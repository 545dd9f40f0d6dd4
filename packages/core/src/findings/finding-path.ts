import * as path from 'node:path';

const ABSOLUTE = /^(\/|[A-Za-z]:\/)/;

/**
 * Turns the path a model wrote into a workspace-relative one with forward slashes, or undefined
 * when it points outside the workspace. Absolute paths under `workspaceRoot` become relative. A
 * path that is not a reviewed file is mapped to the reviewed file it most likely means: for a
 * relative path ("src/a.ts" given project-relative), the only reviewed file it ends; for an
 * absolute path from another checkout, the longest reviewed path it ends with.
 */
export function normaliseFindingPath(
  raw: string,
  allowed: ReadonlySet<string>,
  workspaceRoot?: string,
): string | undefined {
  let file = raw.trim().replace(/\\/g, '/');
  if (ABSOLUTE.test(file) && workspaceRoot) {
    const root = path.resolve(workspaceRoot).replace(/\\/g, '/').replace(/\/$/, '');
    if (file.startsWith(`${root}/`)) file = file.slice(root.length + 1);
  }
  file = path.posix.normalize(file.replace(/^\.\//, ''));
  if (allowed.has(file)) return file;

  if (ABSOLUTE.test(file)) {
    const matches = [...allowed]
      .filter((candidate) => file.endsWith(`/${candidate}`))
      .sort((a, b) => b.length - a.length);
    return matches[0];
  }
  const matches = [...allowed].filter((candidate) => candidate.endsWith(`/${file}`));
  if (matches.length === 1) return matches[0];
  return file === '.' || file === '..' || file.startsWith('../') ? undefined : file;
}
