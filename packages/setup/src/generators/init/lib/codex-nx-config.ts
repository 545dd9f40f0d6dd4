import type { NxJsonConfiguration, TargetConfiguration } from '@nx/devkit';

type TargetInput = NonNullable<TargetConfiguration['inputs']>[number];
import { REVIEW_PACKAGE, TEST_GENERATION_PACKAGE } from '../../../utils/packages';

export const REVIEW_TARGET = 'codex-review';
export const TEST_GENERATION_TARGET = 'codex-generate-tests';

export const REVIEW_EXECUTOR = `${REVIEW_PACKAGE}:review`;
export const TEST_GENERATION_EXECUTOR = `${TEST_GENERATION_PACKAGE}:generate`;

export interface CodexPluginRegistration {
  plugin: string;
  options: { targetName: string };
}

export const CODEX_PLUGINS: CodexPluginRegistration[] = [
  { plugin: `${REVIEW_PACKAGE}/plugin`, options: { targetName: REVIEW_TARGET } },
  { plugin: `${TEST_GENERATION_PACKAGE}/plugin`, options: { targetName: TEST_GENERATION_TARGET } },
];

/**
 * Node on core's CLI directly: Nx runs this for every hash of a codex target, and npx costs
 * ~0.9 s (and may ask the registry). The same command as @nx-codex/codex-review's plugin uses:
 * keep the two equal, or the targetDefaults and inferred inputs hash differently.
 */
export const FINGERPRINT_COMMAND = 'node node_modules/@nx-codex/core/dist/cli/main.js fingerprint';

/**
 * What a review's result depends on: the project's files, the shared and project context, the
 * workspace Codex config, and the effective settings as printed by `nx-codex fingerprint`
 * (model, provider, base_url, sandbox, prompt and codex versions; never secrets). Nx adds the
 * executor package's own version by itself. No NX_BASE/NX_HEAD: a review covers the project's
 * files, whose contents are already hashed.
 */
export function reviewInputs(nxJson: NxJsonConfiguration): TargetInput[] {
  const projectFiles = nxJson.namedInputs?.['default'] ? 'default' : '{projectRoot}/**/*';
  return [
    projectFiles,
    '{workspaceRoot}/.codex/context.md',
    '{workspaceRoot}/.codex/config.toml',
    '{projectRoot}/.codex/context.md',
    { runtime: FINGERPRINT_COMMAND },
  ];
}

export const REVIEW_OUTPUTS = ['{workspaceRoot}/dist/codex-review/{projectName}'];

/**
 * Target defaults keyed by executor: they apply to explicit targets (the configuration
 * generator) and, in Nx's merge order, over inferred targets using the same executor.
 * Test generation gets none: it writes into the project's sources, so a cache hit could replay
 * its report without the test files; whether and how to cache it is the plugin's call.
 */
export function codexTargetDefaults(nxJson: NxJsonConfiguration): Record<string, Partial<TargetConfiguration>> {
  return {
    [REVIEW_EXECUTOR]: { cache: true, inputs: reviewInputs(nxJson), outputs: REVIEW_OUTPUTS },
  };
}
