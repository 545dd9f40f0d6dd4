export { createNodes, createNodesV2, type CodexReviewPluginOptions } from './plugins/plugin';
