import type { BudgetGuard } from '../budget';
import type { ChunkSource, ChunkStore } from '../chunk-store';
import type { CodexClient, CodexUsage } from '../codex/types';
import { countTokens } from '../files';
import { parseReviewAnswer, reviewFromAnswer, type ReviewAnswer } from '../findings';
import type { Finding, FindingNote, ModelVerdict } from '../findings/types';
import type { ReviewSchedule } from './review-schedule';
import type { PlannedCall } from './prepare-review';
import { describeEvent } from './progress';
import { reviewCallOptions, type ReviewCodexOptions } from './review-call';

export interface ChunkAnswer {
  findings: Finding[];
  modelVerdict: ModelVerdict;
  notes: FindingNote[];
  explanation: string;
  confidence: number;
  /** This review's tokens for the chunk: zero when it was reused. */
  usage: CodexUsage;
  source: 'sent' | ChunkSource;
}

export interface ReviewChunksInput {
  client: CodexClient;
  calls: PlannedCall[];
  cwd: string;
  workspaceRoot: string;
  /** Lines of each reviewed file, to clamp the lines of findings. */
  lineCounts?: ReadonlyMap<string, number>;
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  codexOptions: ReviewCodexOptions;
  model: string;
  /** Where chunk results are looked up before a call and stored after a valid answer; none: always send. */
  store?: ChunkStore;
  /** false: store new results but reuse none (a fresh review was asked for). Default true. */
  reuseStored?: boolean;
  /** Asked before each call; none: no budget. */
  budget?: BudgetGuard;
  /** Codex's tokens per request, added to each call's estimate. */
  overheadTokens: number;
  reserveOutputTokens: number;
  signal?: AbortSignal;
  /** Batch: a slot at the model is held while this review's calls are out (none: no limit beyond `concurrency`). */
  schedule?: ReviewSchedule;
  log: (line: string) => void;
}

const NO_USAGE: CodexUsage = { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0 };

/**
 * Answers each chunk: from the chunk store when its result is there (and still valid), else from
 * Codex, at most `concurrency` calls at a time, each checked against the budget first. The first
 * failure aborts the calls still running: a partial review is never reported as complete, though
 * the chunks already answered stay in the store for the next run. That first failure is the one
 * reported: the calls it aborted fail after it, with "aborted".
 */
export async function reviewChunks(input: ReviewChunksInput): Promise<ChunkAnswer[]> {
  const answers: ChunkAnswer[] = new Array(input.calls.length);
  const pending: number[] = [];
  for (const [index, call] of input.calls.entries()) {
    const reused = await reuse(input, call);
    if (reused) answers[index] = reused;
    else pending.push(index);
  }
  const reusedCount = input.calls.length - pending.length;
  if (reusedCount > 0)
    input.log(`${reusedCount} of ${input.calls.length} chunk(s) unchanged: results reused (no model call)`);

  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(input.signal?.reason);
  input.signal?.addEventListener('abort', onOuterAbort, { once: true });
  let next = 0;
  let firstFailure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < pending.length && !abort.signal.aborted) {
      const index = pending[next++];
      try {
        answers[index] = await reviewOne(input, index, abort.signal);
      } catch (error) {
        firstFailure ??= { error };
        abort.abort(error);
        return;
      }
    }
  };
  let releaseSlot: (() => void) | undefined;
  try {
    if (pending.length > 0 && input.schedule) {
      // Batch: the first call's thread starts while this review waits for its turn at the model
      // (not under a budget, which may refuse the call: a thread nobody takes keeps the user's MCP servers running).
      if (!input.budget?.limited)
        input.client.prepare?.(reviewCallOptions(input.codexOptions, input.client.binary.version, input.cwd));
      releaseSlot = await input.schedule.atModel(abort.signal);
    }
    const workers = Array.from({ length: Math.max(1, Math.min(input.concurrency, pending.length)) }, worker);
    await Promise.all(workers);
    if (firstFailure) throw firstFailure.error;
    // Aborted from outside between two calls: what was not reviewed must not look reviewed.
    if (abort.signal.aborted) throw abort.signal.reason ?? new Error('the review was aborted');
    return answers;
  } finally {
    input.signal?.removeEventListener('abort', onOuterAbort);
    releaseSlot?.();
  }
}

/** A stored result for this chunk that still passes validation; anything else means "send it". */
async function reuse(input: ReviewChunksInput, call: PlannedCall): Promise<ChunkAnswer | undefined> {
  const found = input.reuseStored === false ? undefined : await input.store?.get(call.key);
  if (!found) return undefined;
  try {
    const parsed = parseReviewAnswer(found.entry.answer, {
      allowedFiles: call.files,
      workspaceRoot: input.workspaceRoot,
      lineCounts: input.lineCounts,
    });
    return { ...parsed, usage: NO_USAGE, source: found.source };
  } catch {
    return undefined;
  }
}

async function reviewOne(input: ReviewChunksInput, index: number, signal: AbortSignal): Promise<ChunkAnswer> {
  const call = input.calls[index];
  const label = input.calls.length > 1 ? `[${index + 1}/${input.calls.length}] ` : '';
  // A small prompt's tokens are its byte length (an upper bound); under a budget, count them exactly so that no call is refused for nothing.
  const promptTokens = input.budget?.limited ? countTokens(call.prompt, input.model) : call.promptTokens;
  const booking = input.budget?.reserve({
    inputTokens: promptTokens + input.overheadTokens,
    outputTokens: input.reserveOutputTokens,
  });
  let result;
  try {
    result = await input.client.run({
      ...reviewCallOptions(input.codexOptions, input.client.binary.version, input.cwd),
      prompt: call.prompt,
      timeoutMs: input.timeoutMs,
      maxRetries: input.maxRetries,
      signal,
      onEvent: (event) => {
        const line = describeEvent(event);
        if (line) input.log(`${label}${line}`);
      },
    });
  } catch (error) {
    if (booking) input.budget?.release(booking);
    throw error;
  }
  if (booking) input.budget?.settle(booking, result.usage);
  // The client checked the answer against the review schema; the checks it cannot express come first:
  // a result that fails them throws here and is never stored.
  const parsed = reviewFromAnswer(result.structured as ReviewAnswer, {
    allowedFiles: call.files,
    workspaceRoot: input.workspaceRoot,
    lineCounts: input.lineCounts,
  });
  await input.store?.put({
    version: 1,
    key: call.key,
    files: call.files,
    answer: result.structured,
    usage: result.usage,
    model: input.model,
    createdAt: new Date().toISOString(),
  });
  return { ...parsed, usage: result.usage, source: 'sent' };
}
