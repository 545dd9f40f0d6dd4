import { logger, type Tree } from '@nx/devkit';
import { runEnvironmentCheck } from '../../check/run-check';
import type { CheckGeneratorSchema } from './schema';

/** The environment check as a generator: it reads, prints, and writes nothing to the Tree. */
export async function checkGenerator(tree: Tree, _options: CheckGeneratorSchema = {}): Promise<void> {
  const { report, ok } = await runEnvironmentCheck(tree.root);
  logger.info(report);
  if (!ok) throw new Error('nx-codex: the environment check failed; fix the ✘ items listed above and run it again.');
}

export default checkGenerator;
