/** reviewChunks with the real Codex client (only runProcess scripted), or with a scripted client and a real chunk store. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ChunkStore } from '../chunk-store';
import { createCodexClient } from '../codex/client';
import { CodexError } from '../codex/errors';
import { runProcess, type RunProcessOptions } from '../codex/process';
import type { CodexBinary, CodexClient } from '../codex/types';
import { reviewChunks } from './review-chunks';
import { ReviewSchedule } from './review-schedule';
import { fakeCodexClient, reviewAnswer, type Answerer } from './testing/fake-codex';

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
  abilities: { outputSchema: true, execResume: true },
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

describe('reviewChunks with a chunk store (real files) and a scripted client', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'nx-codex-review-chunks-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const FILES = ['libs/a/one.ts', 'libs/a/two.ts', 'libs/a/three.ts'];
  const calls = FILES.map((file, index) => ({
    prompt: `review ${file}`,
    files: [file],
    promptTokens: 10,
    key: `k${index}`,
  }));
  const fileOf = (options: { prompt: string }) => options.prompt.replace('review ', '');
  const chunks = (client: CodexClient, extra: Partial<Parameters<typeof reviewChunks>[0]> = {}) =>
    reviewChunks({
      client,
      calls,
      cwd: dir,
      workspaceRoot: dir,
      concurrency: 1,
      timeoutMs: 60_000,
      maxRetries: 0,
      codexOptions: { config: {}, passEnv: [] },
      model: 'gpt-5.5',
      store: new ChunkStore({ dir, env: {}, warn: () => undefined }),
      overheadTokens: 0,
      reserveOutputTokens: 0,
      log: () => undefined,
      ...extra,
    });
  const answerFile: Answerer = async (options) => ({ structured: reviewAnswer([fileOf(options)]) });

  it('answers a stored chunk from the store without calling the client, and re-sends one whose stored answer no longer validates', async () => {
    const first = fakeCodexClient(answerFile);
    const sent = await chunks(first);
    expect(first.calls.map(fileOf)).toEqual(FILES);
    expect(sent.map((answer) => [answer.source, answer.findings[0].file, answer.usage.inputTokens])).toEqual(
      FILES.map((file) => ['sent', file, 100]),
    );

    // The stored answer of chunk 2 was tampered with (a priority off the schema): it is sent again.
    const stored = path.join(dir, 'chunks', 'k1.json');
    writeFileSync(stored, readFileSync(stored, 'utf8').replace('"priority":2', '"priority":9'));
    const second = fakeCodexClient(answerFile);
    const reused = await chunks(second);
    expect(second.calls.map(fileOf)).toEqual(['libs/a/two.ts']);
    expect(reused.map((answer) => [answer.source, answer.usage.inputTokens])).toEqual([
      ['local', 0],
      ['sent', 100],
      ['local', 0],
    ]);
    expect((await chunks(fakeCodexClient(answerFile), { reuseStored: false })).map((a) => a.source)).toEqual(
      FILES.map(() => 'sent'),
    );
  });

  it('fails the whole review when one chunk fails, keeps what was answered before it, and stores nothing for the failed one', async () => {
    const failing = fakeCodexClient(async (options) => {
      if (fileOf(options) === 'libs/a/two.ts') throw new CodexError('the model refused the request', { kind: 'model' });
      return answerFile(options);
    });
    await expect(chunks(failing)).rejects.toThrow('the model refused the request');
    // Chunk 3 is never started once chunk 2 failed (concurrency 1).
    expect(failing.calls.map(fileOf)).toEqual(['libs/a/one.ts', 'libs/a/two.ts']);
    expect(readdirSync(path.join(dir, 'chunks'))).toEqual(['k0.json']);
  });

  it("holds the batch's model slot while its calls are out, asks for none when every chunk is stored, and gives it back on failure", async () => {
    const schedule = new ReviewSchedule(1);
    let answerFirst: () => void = () => undefined;
    const firstAnswered = new Promise<void>((resolve) => (answerFirst = resolve));
    const slow = fakeCodexClient(async (options) => {
      await firstAnswered;
      return answerFile(options);
    });
    const first = chunks(slow, { schedule, calls: calls.slice(0, 1), store: undefined });
    const second = fakeCodexClient(answerFile);
    const waiting = chunks(second, { schedule, calls: calls.slice(1, 2), store: undefined });
    await new Promise((resolve) => setImmediate(resolve));
    expect(slow.calls).toHaveLength(1);
    expect(second.calls).toHaveLength(0); // the one slot is held by the first review
    answerFirst();
    await first;
    await waiting;
    expect(second.calls.map(fileOf)).toEqual(['libs/a/two.ts']);

    // Every chunk stored: no slot is taken (a held slot would keep this waiting forever).
    await chunks(fakeCodexClient(answerFile), { calls: calls.slice(0, 1) });
    const held = await schedule.atModel();
    const stored = fakeCodexClient(answerFile);
    await chunks(stored, { schedule, calls: calls.slice(0, 1) });
    expect(stored.calls).toHaveLength(0);
    held();

    // A failed review gives its slot back.
    const failing = fakeCodexClient(async () => {
      throw new CodexError('the model refused the request', { kind: 'model' });
    });
    await expect(chunks(failing, { schedule, calls: calls.slice(2), store: undefined })).rejects.toThrow('refused');
    const after = fakeCodexClient(answerFile);
    await chunks(after, { schedule, calls: calls.slice(2), store: undefined });
    expect(after.calls).toHaveLength(1);
  });

  it('rejects an answer that does not match the review schema and never stores it', async () => {
    const invalid = fakeCodexClient(async () => ({ structured: { findings: 'none' } }));
    await expect(chunks(invalid, { calls: calls.slice(0, 1) })).rejects.toThrow(
      /does not fit the output schema:[\s\S]*\n {2}- \/findings: must be array\n/,
    );
    expect(existsSync(path.join(dir, 'chunks'))).toBe(false);
  });
});
