import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';

/** A target's `outputPath` that nx-codex will not write to; its message says what to set instead. */
export class OutputPathError extends Error {
  override name = 'OutputPathError';
}

/** Where each target writes when its options name no `outputPath` (a target written by hand). */
export const DEFAULT_OUTPUT_ROOTS = {
  'codex-review': 'dist/codex-review',
  'codex-generate-tests': 'dist/codex-generate-tests',
} as const;
type CodexTarget = keyof typeof DEFAULT_OUTPUT_ROOTS;

/** What each target writes into its output folder; anything else there is someone else's. */
const OWN_ENTRIES: Record<CodexTarget, ReadonlySet<string>> = {
  'codex-review': new Set(['review.json', 'review.md', 'review.sarif', 'review.rdjson']),
  'codex-generate-tests': new Set(['report.json', 'tests.patch', 'runs']),
};
/** Our atomic writes' temporary files (`.<name>.<pid>.<random>.tmp`), left only by a crash. */
const OWN_TEMPORARY = /^\..+\.tmp$/;

/** The `outputPath` option the target definitions set: Nx resolves the tokens per project. */
export function outputPathOption(target: CodexTarget): string {
  return `{workspaceRoot}/${DEFAULT_OUTPUT_ROOTS[target]}/{projectName}`;
}

/** `file` with symbolic links resolved as far as the path exists (a link may point out of the workspace). */
function realPath(file: string): string {
  let existing = file;
  while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
  const real = realpathSync(existing);
  return resolve(real, relative(existing, file));
}

const isWithin = (dir: string, parent: string) => {
  const fromParent = relative(parent, dir);
  return fromParent === '' || (!fromParent.startsWith('..') && !isAbsolute(fromParent));
};

/** Why `dir` cannot be a target's output folder, or undefined. */
function outputDirProblem(target: CodexTarget, workspaceRoot: string, dir: string, projectRoots: string[]): string {
  const root = realpathSync(workspaceRoot);
  const real = realPath(dir);
  if (real === root || !isWithin(real, root)) return 'not a folder inside the workspace';
  const holds = projectRoots.map((projectRoot) => resolve(root, projectRoot)).find((p) => isWithin(p, real));
  if (holds) return `a folder that holds the project ${relative(root, holds) || '.'}`;
  const foreign = existsSync(real)
    ? readdirSync(real).filter((name) => !OWN_ENTRIES[target].has(name) && !OWN_TEMPORARY.test(name))
    : [];
  if (foreign.length > 0) return `a folder with files nx-codex did not write (${foreign.slice(0, 3).join(', ')})`;
  return '';
}

/**
 * The folder a target's reports go to: `outputPath` relative to the workspace root (Nx's
 * convention), else `dist/<target>/<project>`. Nx deletes the whole output folder when it restores
 * a cache hit, and each run replaces the report files in it, so it must be a folder of nx-codex's
 * own: inside the workspace (symbolic links resolved), holding no project (`projectRoots`: every
 * project's root), and with nothing in it that nx-codex did not write. Otherwise this throws a
 * message saying what to set instead.
 */
export function resolveOutputDir(
  target: CodexTarget,
  workspaceRoot: string,
  project: { name: string; root: string },
  outputPath: string | undefined,
  projectRoots: readonly string[] = [project.root],
): string {
  const dir = resolve(workspaceRoot, outputPath ?? `${DEFAULT_OUTPUT_ROOTS[target]}/${project.name}`);
  const problem = outputDirProblem(target, workspaceRoot, dir, [project.root, ...projectRoots]);
  if (problem) {
    throw new OutputPathError(
      `outputPath "${outputPath ?? relative(workspaceRoot, dir)}" of ${project.name}:${target} is ${problem}: Nx deletes the output folder when it restores a cache hit, and each run replaces the report files in it. ` +
        `Give a folder of nx-codex's own inside the workspace, e.g. "${DEFAULT_OUTPUT_ROOTS[target]}/${project.name}" (the default).`,
    );
  }
  return dir;
}
