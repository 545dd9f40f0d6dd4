export { generateTests } from './lib/run/generate-tests';
export type { GenerateRequest, GenerateOutcome } from './lib/run/types';
export { GENERATE_DEFAULTS } from './lib/run/types';
export type {
  GenerateReport,
  GeneratedFileReport,
  RejectedChangeReport,
  RoundReport,
  TokenUsage,
} from './lib/run/report';
export { REPORT_VERSION } from './lib/run/report';
export { DEFAULT_ALLOWED_WRITES } from './lib/workspace/confinement';
export type { GenerateExecutorSchema } from './executors/generate/schema';
export { createNodes, createNodesV2, generateTestsTarget } from './plugins/plugin';
export type { TestGenerationPluginOptions } from './plugins/plugin';
