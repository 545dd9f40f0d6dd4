/** Light entry point for Nx inference plugins and the setup generators (`@nx-codex/core/plugin-support`): no heavy imports. */
export { projectTargetNodes, type ProjectTargetPluginOptions } from './project-target-nodes';
export { projectMatches, matchesRoot, type ProjectRef } from './project-filter';
export * from '../targets/target-definitions';
