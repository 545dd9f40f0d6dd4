import type { ReviewExecutorOptions } from '@nx-codex/core';

/** Options of `@nx-codex/codex-review:review`; schema.json beside this file describes each. */
export type ReviewExecutorSchema = ReviewExecutorOptions;
