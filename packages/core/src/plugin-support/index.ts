/** Light entry point for Nx inference plugins (`@nx-codex/core/plugin-support`): no heavy imports. */
export { projectTargetNodes, type ProjectTargetPluginOptions } from './project-target-nodes';
export { projectMatches, globToRegExp, type ProjectRef } from './project-filter';
