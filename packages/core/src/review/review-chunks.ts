import type { CodexClient, CodexUsage } from '../codex/types';
import { parseReviewAnswer } from '../findings';
import type { Finding, FindingNote, ModelVerdict } from '../findings/types';
import { describeEvent } from './progress';

export interface ChunkAnswer {
  findings: Finding[];
  modelVerdict: ModelVerdict;
  notes: FindingNote[];
  explanation: string;
  confidence: number;
  usage: CodexUsage;
}

export interface ReviewChunksInput {
  client: CodexClient;
  prompts: string[];
  cwd: string;
  workspaceRoot: string;
  allowedFiles: string[];
  /** Lines of each reviewed file, to clamp the lines of findings. */
  lineCounts?: ReadonlyMap<string, number>;
  concurrency: number;
  timeoutMs: number;
  maxRetries: number;
  outputSchema: Record<string, unknown>;
  /** The settings of every call: `-p`, the `-c` table (PreparedReview.codexConfig), the provider's env, CODEX_HOME. */
  codexOptions: { profile?: string; config: Record<string, unknown>; passEnv: string[]; codexHome?: string };
  signal?: AbortSignal;
  log: (line: string) => void;
}

/**
 * Sends each prompt to Codex, at most `concurrency` at a time, read-only with approvals off.
 * The first failure aborts the calls still running: a partial review is never reported as complete.
 * That first failure is the one reported: the calls it aborted fail after it, with "aborted".
 */
export async function reviewChunks(input: ReviewChunksInput): Promise<ChunkAnswer[]> {
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(input.signal?.reason);
  input.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const answers: ChunkAnswer[] = new Array(input.prompts.length);
  let next = 0;
  let firstFailure: { error: unknown } | undefined;
  const worker = async () => {
    while (next < input.prompts.length && !abort.signal.aborted) {
      const index = next++;
      try {
        answers[index] = await reviewOne(input, index, abort.signal);
      } catch (error) {
        firstFailure ??= { error };
        abort.abort(error);
        return;
      }
    }
  };
  try {
    const workers = Array.from({ length: Math.max(1, Math.min(input.concurrency, input.prompts.length)) }, worker);
    await Promise.all(workers);
    if (firstFailure) throw firstFailure.error;
    // Aborted from outside between two calls: what was not reviewed must not look reviewed.
    if (abort.signal.aborted) throw abort.signal.reason ?? new Error('the review was aborted');
    return answers;
  } finally {
    input.signal?.removeEventListener('abort', onOuterAbort);
  }
}

async function reviewOne(input: ReviewChunksInput, index: number, signal: AbortSignal): Promise<ChunkAnswer> {
  const label = input.prompts.length > 1 ? `[${index + 1}/${input.prompts.length}] ` : '';
  const result = await input.client.run({
    prompt: input.prompts[index],
    cwd: input.cwd,
    outputSchema: input.outputSchema,
    sandbox: 'read-only',
    approvalPolicy: 'never',
    ephemeral: true,
    ...input.codexOptions,
    timeoutMs: input.timeoutMs,
    maxRetries: input.maxRetries,
    signal,
    onEvent: (event) => {
      const line = describeEvent(event);
      if (line) input.log(`${label}${line}`);
    },
  });
  const parsed = parseReviewAnswer(result.structured, { allowedFiles: input.allowedFiles, workspaceRoot: input.workspaceRoot, lineCounts: input.lineCounts });
  return { ...parsed, usage: result.usage };
}
