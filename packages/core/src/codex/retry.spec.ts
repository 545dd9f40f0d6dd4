import { CodexError } from './errors';
import { backoffDelayMs, DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from './retry';
import type { CodexEvent } from './types';

function policy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  return {
    ...DEFAULT_RETRY_POLICY,
    random: () => 1,
    sleep: async (ms: number) => {
      slept.push(ms);
    },
    slept,
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<CodexError> {
  try {
    await promise;
  } catch (error) {
    return error as CodexError;
  }
  throw new Error('expected a failure');
}

const transient = (retryAfterMs?: number): CodexError =>
  new CodexError('The model request failed with a temporary error: boom.', { kind: 'transient', retryAfterMs });

describe('withRetries', () => {
  it('retries transient failures with exponential backoff and emits retry events', async () => {
    const events: CodexEvent[] = [];
    const p = policy({ maxRetries: 2 });
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls += 1;
        if (calls < 3) throw transient();
        return 'ok';
      },
      p,
      (event) => events.push(event),
    );
    expect(result).toEqual({ value: 'ok', attempts: 3 });
    expect(p.slept).toEqual([1000, 2000]);
    expect(events).toEqual([
      { type: 'retry', attempt: 2, delayMs: 1000, reason: 'The model request failed with a temporary error: boom.' },
      { type: 'retry', attempt: 3, delayMs: 2000, reason: 'The model request failed with a temporary error: boom.' },
    ]);
  });

  it('gives up after maxRetries and says how many tries were made', async () => {
    const p = policy({ maxRetries: 2 });
    const error = await failure(
      withRetries(
        () => Promise.reject(transient()),
        p,
        () => undefined,
      ),
    );
    expect(error).toBeInstanceOf(CodexError);
    expect(error.kind).toBe('transient');
    expect(error.attempts).toBe(3);
    expect(error.message).toMatch(/Tried 3 times\.$/);
  });

  it('does not retry other failures', async () => {
    const p = policy();
    let calls = 0;
    const error = await failure(
      withRetries(
        () => {
          calls += 1;
          return Promise.reject(new CodexError('Codex failed: quota.', { kind: 'model' }));
        },
        p,
        () => undefined,
      ),
    );
    expect(calls).toBe(1);
    expect(error.kind).toBe('model');
    expect(error.attempts).toBe(1);
    expect(p.slept).toEqual([]);
  });

  it('waits as long as the retry-after hint asks, up to the cap', async () => {
    const p = policy({ maxRetries: 2, retryAfterCapMs: 5000 });
    let calls = 0;
    await withRetries(
      async () => {
        calls += 1;
        if (calls === 1) throw transient(3500);
        if (calls === 2) throw transient(60_000);
        return 'ok';
      },
      p,
      () => undefined,
    );
    expect(p.slept).toEqual([3500, 5000]);
  });

  it('stops waiting when the call is aborted', async () => {
    const controller = new AbortController();
    const p = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 10_000 };
    const pending = withRetries(
      () => Promise.reject(transient()),
      p,
      () => controller.abort(),
      controller.signal,
    );
    const error = await failure(pending);
    expect(error.kind).toBe('cancelled');
    expect(error.attempts).toBe(1);
  });
});

describe('backoffDelayMs', () => {
  it('jitters between half and all of the exponential delay, capped', () => {
    const base = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 1000, maxDelayMs: 4000 };
    expect(backoffDelayMs(1, { ...base, random: () => 0 })).toBe(500);
    expect(backoffDelayMs(1, { ...base, random: () => 1 })).toBe(1000);
    expect(backoffDelayMs(3, { ...base, random: () => 1 })).toBe(4000);
    expect(backoffDelayMs(6, { ...base, random: () => 0.5 })).toBe(3000);
  });
});
