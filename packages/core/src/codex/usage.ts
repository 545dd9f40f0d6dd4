import type { CodexUsage } from './types';

export function emptyUsage(): CodexUsage {
  return { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0 };
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * Codex's token usage (`turn.completed.usage`, `token_count.info.*_token_usage`). `input_tokens`
 * already includes the cached ones and `output_tokens` the reasoning ones: copied, never summed.
 */
export function usageFromCodex(raw: unknown): CodexUsage {
  const usage = (raw ?? {}) as Record<string, unknown>;
  return {
    inputTokens: count(usage.input_tokens),
    cachedInputTokens: count(usage.cached_input_tokens),
    outputTokens: count(usage.output_tokens),
    reasoningOutputTokens: count(usage.reasoning_output_tokens),
  };
}

/** `total - before`, each field at least 0 (a thread total minus what earlier turns used). */
export function subtractUsage(total: CodexUsage, before: CodexUsage): CodexUsage {
  return {
    inputTokens: Math.max(0, total.inputTokens - before.inputTokens),
    cachedInputTokens: Math.max(0, total.cachedInputTokens - before.cachedInputTokens),
    outputTokens: Math.max(0, total.outputTokens - before.outputTokens),
    reasoningOutputTokens: Math.max(0, total.reasoningOutputTokens - before.reasoningOutputTokens),
  };
}

/** The sum of several usages (chunks of one review, projects of one run). */
export function sumUsage(usages: readonly CodexUsage[]): CodexUsage {
  return usages.reduce(
    (sum, usage) => ({
      inputTokens: sum.inputTokens + usage.inputTokens,
      cachedInputTokens: sum.cachedInputTokens + usage.cachedInputTokens,
      outputTokens: sum.outputTokens + usage.outputTokens,
      reasoningOutputTokens: sum.reasoningOutputTokens + usage.reasoningOutputTokens,
    }),
    emptyUsage(),
  );
}
