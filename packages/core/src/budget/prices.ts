import type { CodexUsage } from '../codex/types';

/** US dollars per million tokens. `cachedInput` applies to the cached share of the input. */
export interface ModelPrice {
  input: number;
  cachedInput?: number;
  output: number;
}

export type PriceTable = Record<string, ModelPrice>;

/**
 * Defaults, from OpenAI's published API prices (standard tier, prompts under 272K tokens) as of
 * 2026-11. Codex 0.169's other models (gpt-5.6-*, gpt-6-*) have no published price we could check:
 * give them in the `prices` option (nx.json targetDefaults), which also overrides these.
 */
export const DEFAULT_PRICES: PriceTable = {
  'gpt-5.5': { input: 5, cachedInput: 0.5, output: 30 },
  'gpt-5': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-codex': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5.1': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5.1-codex': { input: 1.25, cachedInput: 0.125, output: 10 },
  'gpt-5-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
  'gpt-5.1-codex-mini': { input: 0.25, cachedInput: 0.025, output: 2 },
};

/** The price of a model: the option's table first, then the defaults; a provider prefix ("openai/gpt-5") is ignored. */
export function priceOf(model: string, prices: PriceTable | undefined): ModelPrice | undefined {
  const name = model.replace(/^.*\//, '');
  return prices?.[model] ?? prices?.[name] ?? DEFAULT_PRICES[model] ?? DEFAULT_PRICES[name];
}

/** Dollars for some usage; `inputTokens` includes the cached ones and `outputTokens` the reasoning ones (as codex reports them). */
export function costOf(usage: CodexUsage, price: ModelPrice): number {
  const cached = Math.min(usage.cachedInputTokens, usage.inputTokens);
  const fresh = usage.inputTokens - cached;
  return (
    (fresh * price.input + cached * (price.cachedInput ?? price.input) + usage.outputTokens * price.output) / 1_000_000
  );
}
