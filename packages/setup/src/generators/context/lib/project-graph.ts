import { createProjectGraphAsync, logger, workspaceRoot, type ProjectGraph, type Tree } from '@nx/devkit';
import { resolve } from 'node:path';

/**
 * Nx's project graph of the workspace on disk: the npm packages each project imports (as Nx
 * resolved them) and every target, inferred ones included. Only when the Tree is that workspace:
 * a virtual tree in a test, or a generator run for another folder, gets undefined, and the
 * facts then come from the Tree alone. A graph that cannot be built (a broken plugin, a parse
 * error) is not this generator's failure: it says so and goes on without it.
 */
export async function readWorkspaceGraph(tree: Tree): Promise<ProjectGraph | undefined> {
  if (resolve(tree.root) !== resolve(workspaceRoot)) return undefined;
  try {
    return await createProjectGraphAsync({ exitOnError: false });
  } catch (error) {
    logger.warn(
      `nx-codex: the project graph could not be built (${(error as Error).message.split('\n')[0]}); frameworks and targets are read from the project files only.`,
    );
    return undefined;
  }
}
