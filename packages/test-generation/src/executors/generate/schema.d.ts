import type { GenerateOptions } from '../../lib/run/types';

/** Options of `@nx-codex/test-generation:generate`; schema.json beside this file describes each. */
export interface GenerateExecutorSchema extends GenerateOptions {
  /** Set by the `offline` configuration. */
  offline?: boolean;
  localModelScenario?: string;
}
