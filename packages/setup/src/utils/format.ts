import { formatFiles, logger, type Tree } from '@nx/devkit';

/**
 * Runs Nx's formatFiles, which uses Prettier only when the workspace has it. A formatter
 * failure must not lose the generator's changes, so it is reported and the files stay as written.
 */
export async function formatFilesSafely(tree: Tree, skipFormat = false): Promise<void> {
  if (skipFormat) return;
  try {
    await formatFiles(tree);
  } catch (error) {
    logger.warn(
      `nx-codex: formatting skipped (${(error as Error).message}). The files were written unformatted; run your formatter on them if needed.`,
    );
  }
}
