/**
 * Inference plugin: adds a `codex-generate-tests` target to each project. The target itself is
 * core's one definition (the setup generators write the same). Nx loads this module on every
 * graph computation, so it imports only core's light plugin-support entry and devkit types.
 */
import {
  generateTestsTarget,
  projectTargetNodes,
  TEST_GENERATION_TARGET,
  type ProjectTargetPluginOptions,
} from '@nx-codex/core/plugin-support';

export interface TestGenerationPluginOptions extends ProjectTargetPluginOptions {
  /** The scripted-model scenario the nx-codex repository serves for the `offline` configuration (its offline demo). */
  offlineScenario?: string;
}

export const createNodesV2 = projectTargetNodes<TestGenerationPluginOptions>(TEST_GENERATION_TARGET, (options) =>
  generateTestsTarget(options),
);

/** Nx 23 renamed createNodesV2 to createNodes; export both so either version finds it. */
export const createNodes = createNodesV2;

export { generateTestsTarget };
