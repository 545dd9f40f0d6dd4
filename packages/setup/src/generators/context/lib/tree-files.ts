import { joinPathFragments, readJson, type Tree } from '@nx/devkit';

/** Folders that hold generated, vendored or tool state, never the team's own sources. */
const SKIPPED_DIRECTORIES = new Set([
  'node_modules',
  'dist',
  'build',
  'coverage',
  'out-tsc',
  'tmp',
  'vendor',
  'target',
  '__pycache__',
]);

/** Enough to describe a workspace; a bigger one is sampled, and the text says so. */
export const MAX_LISTED_FILES = 20000;

export interface FileListing {
  files: string[];
  truncated: boolean;
}

function joinPath(dir: string, name: string): string {
  return dir === '' || dir === '.' ? name : joinPathFragments(dir, name);
}

/** The files under the given roots (deduplicated, sorted), skipping hidden and build folders. */
export function listSourceFiles(tree: Tree, roots: string[], limit = MAX_LISTED_FILES): FileListing {
  const found = new Set<string>();
  const seenDirs = new Set<string>();
  let truncated = false;
  const stack = [...new Set(roots.map((r) => (r === '' ? '.' : r)))].sort().reverse();
  while (stack.length > 0) {
    const dir = stack.pop() as string;
    if (seenDirs.has(dir)) continue;
    seenDirs.add(dir);
    for (const name of tree.children(dir).sort()) {
      const path = joinPath(dir, name);
      if (tree.isFile(path)) {
        if (found.size >= limit) {
          truncated = true;
          break;
        }
        found.add(path);
      } else if (!name.startsWith('.') && !SKIPPED_DIRECTORIES.has(name)) {
        stack.push(path);
      }
    }
    if (truncated) break;
  }
  return { files: [...found].sort(), truncated };
}

/** Reads a JSON (or JSONC, like tsconfig) file from the Tree; undefined if absent or unreadable. */
export function readJsonIfPresent<T extends object = Record<string, unknown>>(tree: Tree, path: string): T | undefined {
  if (!tree.exists(path)) return undefined;
  try {
    return readJson<T>(tree, path);
  } catch {
    return undefined;
  }
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
