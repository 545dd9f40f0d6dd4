/**
 * Inference plugin: adds a cached `codex-review` target to each project. The target itself is
 * core's one definition (the setup generators write the same). Nx loads this module on every
 * graph computation, so it imports only core's light plugin-support entry and devkit types.
 */
import {
  projectTargetNodes,
  reviewTarget,
  REVIEW_TARGET,
  type ProjectTargetPluginOptions,
  type ReviewTargetOptions,
} from '@nx-codex/core/plugin-support';

export interface CodexReviewPluginOptions extends ProjectTargetPluginOptions, ReviewTargetOptions {}

export const createNodesV2 = projectTargetNodes<CodexReviewPluginOptions>(REVIEW_TARGET, (options) =>
  reviewTarget(options),
);

/** Nx 23 renamed createNodesV2 to createNodes; export both so either version finds it. */
export const createNodes = createNodesV2;

export { reviewTarget };
