import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';

/**
 * Files whose content can change what Nx's project graph says (names, roots, targets, target
 * options): Nx's own configuration, project.json/package.json, lockfiles (plugin versions), and
 * the config files inference plugins read (vite.config.ts, jest.config.ts, tsconfig*.json,
 * build.gradle, Cargo.toml, …). Source files are not among them: they change a review's status,
 * which is computed from the files on every call, never the graph.
 */
const GRAPH_INPUT =
  /\.(json|jsonc|ya?ml|toml|gradle|kts|xml|csproj|fsproj|lock)$|(^|[.-])config\.[cm]?[jt]s$|^\.(nx|git)ignore$/;

/** Folders Nx never finds projects in; plus the simple names the root .gitignore lists (Nx honours it). */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.nx']);

/** node_modules files that change when packages (and so Nx plugins) are installed or updated. */
const INSTALL_MARKERS = [
  'node_modules/.package-lock.json',
  'node_modules/.modules.yaml',
  'node_modules/.yarn-state.yml',
];

/**
 * A digest of everything the project graph depends on, from readdir and stat calls only: the
 * folder tree (so a new, removed or renamed project folder changes it) and the path, mtime and size
 * of every graph-input file in it (so a new or edited project.json or vite.config.ts does). Folder
 * mtimes are not used: Nx itself creates .nx/ in the root on its first run. Equal stamps mean Nx
 * would compute the same graph; anything else means "ask Nx again".
 */
export function graphInputsStamp(workspaceRoot: string): string {
  const hash = createHash('sha256');
  const skipped = new Set([...ALWAYS_SKIPPED, ...gitignoredNames(workspaceRoot)]);
  const add = (path: string) => {
    try {
      const stat = statSync(join(workspaceRoot, path));
      hash.update(`${path}\0${stat.mtimeMs}\0${stat.size}\n`);
    } catch {
      hash.update(`${path}\0-\n`);
    }
  };
  for (const marker of INSTALL_MARKERS) add(marker);
  const walk = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(join(workspaceRoot, dir), { withFileTypes: true });
    } catch {
      hash.update(`${dir}/\0-\n`);
      return;
    }
    const folders = entries
      .filter((entry) => entry.isDirectory() && !skipped.has(entry.name))
      .map((entry) => entry.name)
      .sort();
    const inputs = entries
      .filter((entry) => !entry.isDirectory() && GRAPH_INPUT.test(entry.name))
      .map((entry) => entry.name)
      .sort();
    hash.update(`${dir}/\0${folders.join('/')}\0\n`);
    for (const name of inputs) add(dir ? `${dir}/${name}` : name);
    for (const name of folders) walk(dir ? `${dir}/${name}` : name);
  };
  walk('');
  return hash.digest('hex');
}

/** Plain folder names from the root .gitignore ("dist", "/coverage/"); patterns with wildcards are walked anyway, which only costs time. */
function gitignoredNames(workspaceRoot: string): string[] {
  let text = '';
  try {
    text = readFileSync(join(workspaceRoot, '.gitignore'), 'utf8');
  } catch {
    return [];
  }
  const lines = text.split(/\r?\n/).map((line) => line.trim());
  // A negation may bring a folder back: then skip nothing rather than guess.
  if (lines.some((line) => line.startsWith('!'))) return [];
  return lines.map((line) => line.replace(/^\/|\/$/g, '')).filter((name) => /^[A-Za-z0-9._-]+$/.test(name));
}
