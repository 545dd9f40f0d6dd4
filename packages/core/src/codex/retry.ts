import { CodexError } from './errors';
import type { CodexEvent } from './types';

export interface RetryPolicy {
  maxRetries: number;
  /** First backoff; doubles each retry. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The most we wait for a retry-after hint from codex's message. */
  retryAfterCapMs: number;
  random(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const DEFAULT_MAX_RETRIES = 2;

export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelledError());
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function cancelledError(): CodexError {
  return new CodexError('The codex call was cancelled before it finished.', { kind: 'cancelled' });
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: DEFAULT_MAX_RETRIES,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  retryAfterCapMs: 60_000,
  random: Math.random,
  sleep: abortableSleep,
};

/** Exponential backoff with equal jitter; a retry-after hint (capped) raises the floor. */
export function backoffDelayMs(retry: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  const jittered = Math.round(exponential / 2 + policy.random() * (exponential / 2));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.min(retryAfterMs, policy.retryAfterCapMs));
}

/**
 * Runs `attempt` until it succeeds, fails with a non-transient error, or `maxRetries` retries are
 * spent. Every error that leaves carries the number of attempts made.
 */
export async function withRetries<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  policy: RetryPolicy,
  emit: (event: CodexEvent) => void,
  signal?: AbortSignal,
): Promise<{ value: T; attempts: number }> {
  for (let attemptNumber = 1; ; attemptNumber += 1) {
    try {
      return { value: await attempt(attemptNumber), attempts: attemptNumber };
    } catch (error) {
      if (!(error instanceof CodexError)) throw error;
      const canRetry = error.kind === 'transient' && attemptNumber <= policy.maxRetries && !signal?.aborted;
      if (!canRetry) throw error.withAttempts(attemptNumber);
      const delayMs = backoffDelayMs(attemptNumber, policy, error.retryAfterMs);
      emit({ type: 'retry', attempt: attemptNumber + 1, delayMs, reason: error.message });
      try {
        await policy.sleep(delayMs, signal);
      } catch (sleepError) {
        if (sleepError instanceof CodexError) throw sleepError.withAttempts(attemptNumber);
        throw sleepError;
      }
    }
  }
}
