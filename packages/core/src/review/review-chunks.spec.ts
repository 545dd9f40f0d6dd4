/** reviewChunks with the real Codex client; only the process boundary (runProcess) is scripted. */
import { createCodexClient } from '../codex/client';
import type { CodexError } from '../codex/errors';
import { runProcess, type RunProcessOptions } from '../codex/process';
import type { CodexBinary } from '../codex/types';
import { reviewChunks } from './review-chunks';

jest.mock('../codex/process', () => ({
  ...jest.requireActual('../codex/process/process-groups'),
  ...jest.requireActual('../codex/process/temp-dirs'),
  runProcess: jest.fn(),
}));
const runProcessMock = runProcess as jest.MockedFunction<typeof runProcess>;

const BINARY: CodexBinary = {
  path: '/opt/codex',
  version: '0.169.0',
  source: 'option',
  abilities: { mcpServer: false, outputSchema: true, execResume: true },
};
const OVER_LIMIT_STDERR =
  'Error: turn/start: turn/start failed: Input exceeds the maximum length of 1048576 characters. (code -32602)\n\nStack backtrace:\n   9: <unknown>\n  10: <unknown>\n';

const promptOf = (options: RunProcessOptions) => options.input ?? options.args[options.args.length - 1];

/** Chunk "slow" runs until it is aborted; chunk "too-big" fails as codex does over its input limit, once "slow" runs. */
function scriptTwoChunks(): void {
  let slowStarted: () => void = () => undefined;
  const slowRunning = new Promise<void>((resolve) => (slowStarted = resolve));
  runProcessMock.mockImplementation(async (options) => {
    if (promptOf(options)?.includes('slow')) {
      slowStarted();
      await new Promise((resolve) => options.signal?.addEventListener('abort', resolve, { once: true }));
      return { stopped: 'aborted', signal: 'SIGTERM', stderr: '', output: '', durationMs: 5 };
    }
    await slowRunning;
    options.onLine?.('{"type":"thread.started","thread_id":"T-2"}');
    return { exitCode: 1, stderr: OVER_LIMIT_STDERR, output: OVER_LIMIT_STDERR, durationMs: 5 };
  });
}

it('reports the first real failure, not the "aborted" of the sibling chunk it stopped', async () => {
  scriptTwoChunks();
  const client = await createCodexClient({
    binary: BINARY,
    workspaceRoot: '/ws',
    env: { PATH: '/usr/bin' },
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
  const failure = await reviewChunks({
    client,
    calls: ['review the slow chunk', 'review the too-big chunk'].map((prompt, index) => ({
      prompt,
      files: [],
      promptTokens: 10,
      key: `k${index}`,
    })),
    cwd: '/ws',
    workspaceRoot: '/ws',
    concurrency: 2,
    timeoutMs: 60_000,
    maxRetries: 0,
    codexOptions: { config: {}, passEnv: [] },
    model: 'gpt-5.5',
    overheadTokens: 0,
    reserveOutputTokens: 0,
    log: () => undefined,
  }).then(
    () => undefined,
    (error: CodexError) => error,
  );
  expect(runProcessMock).toHaveBeenCalledTimes(2);
  expect(failure?.kind).toBe('model');
  expect(failure?.message).toContain('Input exceeds the maximum length of 1048576 characters');
});
