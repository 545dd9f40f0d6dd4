import type { ReviewOptions } from '@nx-codex/core';

/** Options of `@nx-codex/codex-review:review`; schema.json beside this file describes each. */
export interface ReviewExecutorSchema extends ReviewOptions {
  localModelScenario?: string;
}
