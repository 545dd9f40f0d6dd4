import type { CodexCallOptions } from '../codex/types';
import { REVIEW_OUTPUT_SCHEMA } from '../findings';
import { leanReviewConfig } from './lean-request';
import { REVIEW_INSTRUCTIONS } from './review-instructions';

/** The settings of every call: `-p`, the `-c` table (PreparedReview.codexConfig), the provider's env, CODEX_HOME. */
export interface ReviewCodexOptions {
  profile?: string;
  config: Record<string, unknown>;
  passEnv: string[];
  codexHome?: string;
}

/**
 * Everything of a review call but the prompt: read-only, approvals off, our system prompt instead of
 * Codex's agent instructions, the tools a review never uses turned off. The lean keys come after
 * the user's `config`, so a setting cannot turn a tool back on (the shell tools are the trust rules'
 * business: NO_SHELL_TOOLS in PreparedReview.codexConfig). Both the real calls and the probe
 * that measures Codex's share of a request (request-overhead.ts) use this, so they send the same.
 */
export function reviewCallOptions(
  codexOptions: ReviewCodexOptions,
  codexVersion: string,
  cwd: string,
): Omit<CodexCallOptions, 'prompt'> {
  return {
    cwd,
    outputSchema: REVIEW_OUTPUT_SCHEMA,
    sandbox: 'read-only',
    approvalPolicy: 'never',
    ephemeral: true,
    baseInstructions: REVIEW_INSTRUCTIONS,
    ...codexOptions,
    config: { ...codexOptions.config, ...leanReviewConfig(codexVersion) },
  };
}
