import { TestRunStopped } from '../tests/test-run';
import { mayBeInterrupt, stoppedByUser } from './cancellation';

function codexError(message: string, kind = 'model'): Error {
  const error = Object.assign(new Error(message), { kind });
  error.name = 'CodexError';
  return error;
}

describe('stoppedByUser', () => {
  // What codex 0.169 leaves when it gets SIGINT mid-turn: exit 1, like a failed turn.
  const killedCodex = codexError('Codex failed: failed to record rollout items: thread 01a2 not found.');

  it('is cancelled when codex died of SIGINT first and our own signal follows (the Ctrl-C race under Nx)', async () => {
    const stop = new AbortController();
    const decided = stoppedByUser(killedCodex, stop.signal, 60_000);
    // The order Nx's tree-kill produces: the child's exit is seen, then our handler runs.
    stop.abort();
    await expect(decided).resolves.toBe(true);
  });

  it('is cancelled when our signal came first, whatever the error', async () => {
    const stop = new AbortController();
    stop.abort();
    await expect(stoppedByUser(new Error('anything'), stop.signal)).resolves.toBe(true);
  });

  it('is a failure when codex was killed but no signal of ours followed', async () => {
    await expect(stoppedByUser(killedCodex, new AbortController().signal, 0)).resolves.toBe(false);
  });

  it('is a failure, at once, for errors an interrupt cannot cause', async () => {
    const never = new AbortController().signal;
    await expect(stoppedByUser(codexError('Could not start codex', 'spawn'), never, 60_000)).resolves.toBe(false);
    await expect(stoppedByUser(codexError('Codex did not finish within 5 s', 'timeout'), never, 60_000)).resolves.toBe(
      false,
    );
    await expect(stoppedByUser(new Error('git failed'), never, 60_000)).resolves.toBe(false);
  });

  it('recognises tests killed from outside, not tests that timed out', () => {
    expect(mayBeInterrupt(new TestRunStopped('killed', 'jest', 1000, 'SIGTERM'))).toBe(true);
    expect(mayBeInterrupt(new TestRunStopped('timeout', 'jest', 1000))).toBe(false);
  });
});
