import type { GenerateOptions } from '../../lib/run/types';

/** Options of `@nx-codex/test-generation:generate`; schema.json beside this file describes each. */
export interface GenerateExecutorSchema extends GenerateOptions {
  /** Where report.json and the patch go, relative to the workspace root. */
  outputPath?: string;
  /** Set by the `offline` configuration. */
  offline?: boolean;
  localModelScenario?: string;
}
