export { generateTests } from './lib/generate-tests';
export type { GenerateRequest, GenerateOutcome } from './lib/types';
export { GENERATE_DEFAULTS } from './lib/types';
export type { GenerateReport, GeneratedFileReport, RejectedChangeReport, RoundReport, TokenUsage } from './lib/report';
export { REPORT_VERSION } from './lib/report';
export { DEFAULT_ALLOWED_WRITES } from './lib/confinement';
export type { GenerateExecutorSchema } from './executors/generate/schema';
export { createNodes, createNodesV2, generateTestsTarget } from './plugins/plugin';
export type { TestGenerationPluginOptions } from './plugins/plugin';
