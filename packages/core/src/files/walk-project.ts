import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Never part of a review, whatever the ignore files say. */
export const ALWAYS_SKIPPED_DIRS = new Set(['node_modules', '.git', 'dist', '.nx', 'coverage']);

interface IgnoreLevel {
  /** Workspace-relative directory the .gitignore sits in ('' for the root). */
  dir: string;
  rules: Ignore;
}

/**
 * Lists a project's files outside git, honouring every .gitignore from the workspace root down
 * (deeper files override shallower ones, as in git). Returns workspace-relative paths, sorted.
 * Symlinks are listed (never followed) so that the caller can report them as skipped.
 */
export function walkProject(workspaceRoot: string, projectRoot: string): string[] {
  const levels: IgnoreLevel[] = [];
  const segments = projectRoot === '' ? [] : projectRoot.split('/');
  for (let depth = 0; depth < segments.length; depth++) {
    const dir = segments.slice(0, depth).join('/');
    if (depth > 0 && isIgnored(levels, dir, true)) return [];
    pushIgnoreFile(workspaceRoot, dir, levels);
  }
  if (
    projectRoot !== '' &&
    (ALWAYS_SKIPPED_DIRS.has(segments[segments.length - 1]) || isIgnored(levels, projectRoot, true))
  )
    return [];

  const files: string[] = [];
  walk(workspaceRoot, projectRoot, levels, files);
  return files.sort();
}

function walk(workspaceRoot: string, dir: string, parentLevels: IgnoreLevel[], files: string[]): void {
  const levels = [...parentLevels];
  pushIgnoreFile(workspaceRoot, dir, levels);
  const entries = readdirSync(path.join(workspaceRoot, dir), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const entry of entries) {
    const relative = dir === '' ? entry.name : `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (ALWAYS_SKIPPED_DIRS.has(entry.name) || isIgnored(levels, relative, true)) continue;
      walk(workspaceRoot, relative, levels, files);
    } else if (!isIgnored(levels, relative, false)) {
      files.push(relative);
    }
  }
}

function pushIgnoreFile(workspaceRoot: string, dir: string, levels: IgnoreLevel[]): void {
  let text: string;
  try {
    text = readFileSync(path.join(workspaceRoot, dir, '.gitignore'), 'utf8');
  } catch {
    return;
  }
  levels.push({ dir, rules: ignore().add(text) });
}

/** The deepest .gitignore with an opinion about the path decides, as in git. */
function isIgnored(levels: IgnoreLevel[], relative: string, isDirectory: boolean): boolean {
  let ignored = false;
  for (const level of levels) {
    const inLevel = level.dir === '' ? relative : relative.slice(level.dir.length + 1);
    const result = level.rules.test(isDirectory ? `${inLevel}/` : inLevel);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}
