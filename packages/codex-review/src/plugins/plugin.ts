/**
 * Inference plugin: adds a cached `codex-review` target to each project.
 * Nx loads this module on every graph computation, so it imports nothing heavy: only core's
 * light plugin-support entry and devkit types.
 */
import type { TargetConfiguration } from '@nx/devkit';
import { projectTargetNodes, type ProjectTargetPluginOptions } from '@nx-codex/core/plugin-support';

export interface CodexReviewPluginOptions extends ProjectTargetPluginOptions {
  /** Review scope baked into the target. `changes` adds the resolved base commit to the cache inputs. */
  scope?: 'project' | 'changes';
  /** Adds an `offline` configuration that answers from tools/local-model with this scenario file (canned answers). */
  offlineScenario?: string;
}

const CORE_CLI = 'node node_modules/@nx-codex/core/dist/cli/main.js';
const FINGERPRINT_COMMAND = `${CORE_CLI} fingerprint`;
const BASE_COMMIT_COMMAND = `${CORE_CLI} base-commit`;

export const createNodesV2 = projectTargetNodes<CodexReviewPluginOptions>('codex-review', (options) => reviewTarget(options));

/** Nx 23 renamed createNodesV2 to createNodes; export both so either version finds it. */
export const createNodes = createNodesV2;

export function reviewTarget(options: CodexReviewPluginOptions): TargetConfiguration {
  const scope = options.scope ?? 'project';
  const inputs: TargetConfiguration['inputs'] = [
    '{projectRoot}/**/*',
    '{workspaceRoot}/.codex/context.md',
    '{workspaceRoot}/.codex/config.toml',
    { runtime: FINGERPRINT_COMMAND },
  ];
  if (scope === 'changes') inputs.push({ runtime: BASE_COMMIT_COMMAND });
  const target: TargetConfiguration = {
    executor: '@nx-codex/codex-review:review',
    cache: true,
    inputs,
    outputs: ['{workspaceRoot}/dist/codex-review/{projectName}'],
    options: { scope },
    metadata: {
      description: 'Review this project with OpenAI Codex (cached: an unchanged project is not sent again)',
      technologies: ['codex'],
    },
  };
  if (options.offlineScenario) {
    target.configurations = { offline: { localModelScenario: options.offlineScenario } };
  }
  return target;
}
