import { isAbsolute, relative, resolve } from 'node:path';

/** Where each target writes when its options name no `outputPath` (a target written by hand). */
export const DEFAULT_OUTPUT_ROOTS = {
  'codex-review': 'dist/codex-review',
  'codex-generate-tests': 'dist/codex-generate-tests',
} as const;

/** The `outputPath` option the target definitions set: Nx resolves the tokens per project. */
export function outputPathOption(target: keyof typeof DEFAULT_OUTPUT_ROOTS): string {
  return `{workspaceRoot}/${DEFAULT_OUTPUT_ROOTS[target]}/{projectName}`;
}

/**
 * The folder a target's reports go to: `outputPath` relative to the workspace root (Nx's
 * convention), else `dist/<target>/<project>`. The folder's report files are replaced on every run,
 * so it must be a folder of its own inside the workspace: the workspace root itself, a folder
 * outside it, or a project's own root is refused with a message saying what to set instead.
 */
export function resolveOutputDir(
  target: keyof typeof DEFAULT_OUTPUT_ROOTS,
  workspaceRoot: string,
  project: { name: string; root: string },
  outputPath: string | undefined,
): string {
  const dir = resolve(workspaceRoot, outputPath ?? `${DEFAULT_OUTPUT_ROOTS[target]}/${project.name}`);
  const fromRoot = relative(workspaceRoot, dir);
  const outside = fromRoot === '' || fromRoot.startsWith('..') || isAbsolute(fromRoot);
  if (outside || dir === resolve(workspaceRoot, project.root)) {
    throw new Error(
      `outputPath "${outputPath}" of ${project.name}:${target} is ${outside ? 'not a folder inside the workspace' : "the project's own folder"}: the report files there are replaced on every run. ` +
        `Give a folder of its own inside the workspace, e.g. "${DEFAULT_OUTPUT_ROOTS[target]}/${project.name}" (the default).`,
    );
  }
  return dir;
}
