import { countTokens, estimateTokens, planChunks, tokenUpperBound, type SelectedFile } from '../files';
import type { SkippedFile } from '../findings/types';
import {
  buildReviewPrompt,
  promptHead,
  renderFileListLine,
  renderPromptFile,
  type ReviewPromptFile,
  type ReviewPromptInput,
} from './prompt';

/** Codex's input-character limit (0.169 rejects a longer prompt: "Input exceeds the maximum length of 1048576 characters"). */
export const CODEX_INPUT_CHAR_LIMIT = 1_048_576;

export type PromptShared = Omit<ReviewPromptInput, 'files'>;

export interface PlanLimits {
  /** Tokens left for our prompt in one call: maxPromptTokens less Codex's share. */
  budget: number;
  /** The chunk size aimed at (chunkTokens). */
  target: number;
  model: string;
}

export interface PlannedPrompt {
  prompt: string;
  files: string[];
  /** Exact when counted, else the prompt's byte length: an upper bound that fits the budget. */
  tokens: number;
}

export interface PromptPlan {
  prompts: PlannedPrompt[];
  reviewed: string[];
  skipped: SkippedFile[];
}

type Measure = (text: string) => number;

const promptChars = (text: string) => text.length;

/**
 * The prompts of a review, each within the token budget and Codex's character limit, with the
 * tokenizer loaded only where a bound cannot decide:
 * - a project whose whole prompt fits the budget in bytes is one call (a token covers >= 1 byte);
 * - else chunks are sized by an estimate from bytes, and each chunk's prompt is checked by its byte
 *   length, counted exactly only when that is over the budget;
 * - only if that plan skips a file or a chunk is over the budget is the project planned again
 *   with exact counts (the estimate decides sizes, never what fits).
 * Each file is rendered once.
 */
export function planPrompts(files: SelectedFile[], shared: PromptShared, limits: PlanLimits): PromptPlan {
  const listed = files.map((file) => file.path);
  if (files.length === 0) return { prompts: [], reviewed: listed, skipped: [] };
  const rendered = new Map(files.map((file) => [file.path, renderPromptFile(file)]));
  const render = (file: ReviewPromptFile) => rendered.get(file.path) ?? renderPromptFile(file);
  const whole = buildReviewPrompt({ ...shared, files }, render);
  const wholeBytes = tokenUpperBound(whole);
  if (wholeBytes <= Math.min(limits.budget, limits.target) && promptChars(whole) <= CODEX_INPUT_CHAR_LIMIT)
    return { prompts: [{ prompt: whole, files: listed, tokens: wholeBytes }], reviewed: listed, skipped: [] };

  const estimated = planChunked(files, shared, limits, render, estimateTokens);
  if (estimated.skipped.length === 0) {
    const prompts = estimated.prompts.map((call) => ({ ...call, tokens: boundedTokens(call.prompt, limits) }));
    if (prompts.every((call) => call.tokens <= limits.budget)) return { ...estimated, prompts };
  }
  const exact = planChunked(files, shared, limits, render, (text) => countTokens(text, limits.model));
  const prompts = exact.prompts.map((call) => ({ ...call, tokens: countTokens(call.prompt, limits.model) }));
  const over = prompts.findIndex(
    (call) => call.tokens > limits.budget || promptChars(call.prompt) > CODEX_INPUT_CHAR_LIMIT,
  );
  if (over >= 0) {
    throw new Error(
      `Review prompt ${over + 1} of ${prompts.length} would carry ${prompts[over].tokens} tokens and ${promptChars(prompts[over].prompt)} characters, over the ${limits.budget} tokens left for it or Codex's ${CODEX_INPUT_CHAR_LIMIT}-character limit; nothing was sent. Raise maxPromptTokens or exclude files.`,
    );
  }
  return { ...exact, prompts };
}

/** The byte length when it fits the budget (no tokenizer), else the exact count. */
function boundedTokens(prompt: string, limits: PlanLimits): number {
  const bound = tokenUpperBound(prompt);
  return bound <= limits.budget ? bound : countTokens(prompt, limits.model);
}

/** Chunks sized with `measure` (prompt tokens left 0 here: the caller bounds or counts them). */
function planChunked(
  files: SelectedFile[],
  shared: PromptShared,
  limits: PlanLimits,
  render: (file: ReviewPromptFile) => string,
  measure: Measure,
): PromptPlan {
  const head = promptHead(shared);
  // Per file: its block, its line in the file list, and +2 since counts of joined parts may differ at the seams.
  const plan = planChunks({
    files,
    budgetTokens: limits.budget,
    targetTokens: limits.target,
    fixedTokens: measure(head),
    model: limits.model,
    fileTokens: (file) => measure(render(file)) + measure(renderFileListLine(file)) + 2,
    budgetChars: CODEX_INPUT_CHAR_LIMIT,
    fixedChars: promptChars(head) + 40,
    fileChars: (file) => promptChars(render(file)) + promptChars(renderFileListLine(file)) + 2,
  });
  return {
    prompts: plan.chunks.map((chunk) => ({
      prompt: buildReviewPrompt({ ...shared, files: chunk.files }, render),
      files: chunk.files.map((file) => file.path),
      tokens: 0,
    })),
    reviewed: plan.chunks.flatMap((chunk) => chunk.files.map((file) => file.path)),
    skipped: plan.skipped,
  };
}
