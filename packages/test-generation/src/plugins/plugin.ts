/**
 * Inference plugin: adds a `codex-generate-tests` target to each project. Nx loads this module on
 * every graph computation, so it imports nothing heavy: only node:path, node:fs and devkit types.
 */
import type { TargetConfiguration } from '@nx/devkit';
import { projectTargetNodes, type ProjectTargetPluginOptions } from '@nx-codex/core/plugin-support';

export interface TestGenerationPluginOptions extends ProjectTargetPluginOptions {
  /** Adds an `offline` configuration that answers from tools/local-model with this scenario file (scripted answers). */
  offlineScenario?: string;
}

export const createNodesV2 = projectTargetNodes<TestGenerationPluginOptions>('codex-generate-tests', (options) => generateTestsTarget(options));

/** Nx 23 renamed createNodesV2 to createNodes; export both so either version finds it. */
export const createNodes = createNodesV2;

export function generateTestsTarget(options: TestGenerationPluginOptions): TargetConfiguration {
  const target: TargetConfiguration = {
    executor: '@nx-codex/test-generation:generate',
    // It changes source files and depends on a model's answer: never replay it from a cache.
    cache: false,
    outputs: ['{workspaceRoot}/dist/codex-generate-tests/{projectName}'],
    options: {},
    metadata: {
      description: 'OpenAI Codex writes tests for this project; only tests that pass its own test run are kept',
      technologies: ['codex'],
    },
  };
  if (options.offlineScenario) {
    target.configurations = { offline: { localModelScenario: options.offlineScenario } };
  }
  return target;
}
