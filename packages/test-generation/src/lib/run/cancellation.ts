import { TestRunStopped } from '../tests/test-run';

/** How long a child's failure waits for our own signal to follow. */
const OWN_SIGNAL_WAIT_MS = 3000;

/**
 * Whether the run ended because the user stopped it. Decided by our own signal (the executor's
 * AbortSignal), not by which exit came first: on Ctrl-C, Nx signals the whole process tree, and
 * codex or the test command may fail the step before our handler runs. Codex catches SIGINT and
 * exits 1 like any failed turn (measured with 0.169), so a codex failure cannot tell an interrupt
 * from a model error: it waits a moment for our own signal before the run counts as failed.
 */
export async function stoppedByUser(
  error: unknown,
  signal: AbortSignal | undefined,
  waitMs = OWN_SIGNAL_WAIT_MS,
): Promise<boolean> {
  if (!signal) return false;
  if (signal.aborted) return true;
  if (!mayBeInterrupt(error)) return false;
  return waitForAbort(signal, waitMs);
}

/** A failure an interrupt of the process tree can cause: codex's turn ended badly, or the tests were killed. */
export function mayBeInterrupt(error: unknown): boolean {
  if (error instanceof TestRunStopped) return error.reason === 'killed';
  // By name: core's CodexError class loads all of core. Not a missing binary, bad config or our own timeout.
  if (!(error instanceof Error) || error.name !== 'CodexError') return false;
  const kind = (error as { kind?: string }).kind;
  return kind === 'model' || kind === 'transient' || kind === 'cancelled';
}

function waitForAbort(signal: AbortSignal, waitMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(false);
    }, waitMs);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
