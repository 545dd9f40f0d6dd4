import { existsSync, readFileSync } from 'node:fs';
import { createCodexClient } from './client';
import { CodexError } from './errors';
import { TEST_BINARY } from './testing/client-doubles';
import { runProcess, type RunProcessOptions, type RunProcessResult } from './process';
import type { CodexEvent } from './types';

jest.mock('./process', () => jest.requireActual('./testing/client-doubles').processModuleMock());

const runProcessMock = runProcess as jest.MockedFunction<typeof runProcess>;

const BINARY = TEST_BINARY;

const USAGE_LINE = (input: number, output = 20) =>
  `{"type":"turn.completed","usage":{"input_tokens":${input},"cached_input_tokens":40,"cache_write_input_tokens":0,"output_tokens":${output},"reasoning_output_tokens":5}}`;

function success(text: string, threadId = 'T-1', usageLine = USAGE_LINE(100)): string[] {
  return [
    `{"type":"thread.started","thread_id":"${threadId}"}`,
    '{"type":"turn.started"}',
    JSON.stringify({ type: 'item.completed', item: { id: 'item_0', type: 'agent_message', text } }),
    usageLine,
  ];
}

function failed(message: string): string[] {
  return [
    '{"type":"thread.started","thread_id":"T-x"}',
    '{"type":"turn.started"}',
    JSON.stringify({ type: 'error', message }),
    JSON.stringify({ type: 'turn.failed', error: { message } }),
  ];
}

/** Plays one scripted codex process per call of runProcess. */
function script(
  ...runs: Array<{
    lines: string[];
    result?: Partial<RunProcessResult>;
    inspect?: (options: RunProcessOptions) => void;
  }>
): RunProcessOptions[] {
  const seen: RunProcessOptions[] = [];
  for (const run of runs) {
    runProcessMock.mockImplementationOnce(async (options) => {
      seen.push(options);
      run.inspect?.(options);
      for (const line of run.lines) options.onLine?.(line);
      return { exitCode: 0, stderr: '', output: '', durationMs: 5, ...run.result };
    });
  }
  return seen;
}

async function client() {
  return createCodexClient({
    binary: BINARY,
    workspaceRoot: '/ws',
    env: { PATH: '/usr/bin', HOME: '/home/u' },
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
  });
}

async function failure(promise: Promise<unknown>): Promise<CodexError> {
  try {
    await promise;
  } catch (error) {
    return error as CodexError;
  }
  throw new Error('expected the call to fail');
}

beforeEach(() => runProcessMock.mockReset());

describe('createCodexClient (exec transport)', () => {
  it("gives codex a scrubbed environment (the call's env included; passEnv kept) and a shell that inherits only core variables", async () => {
    const calls = script({ lines: success('ok') });
    const env = {
      PATH: '/usr/bin',
      HOME: '/home/u',
      GITHUB_TOKEN: 'ghp_x',
      NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: 'nx',
      LOCAL_MODEL_KEY: 'sk-local',
      HTTPS_PROXY: 'http://proxy:3128',
    };
    const c = await createCodexClient({ binary: BINARY, workspaceRoot: '/ws', env });
    await c.run({ prompt: 'hi', cwd: '/ws', passEnv: ['LOCAL_MODEL_KEY'], env: { ...env, NPM_TOKEN: 'npm_x' } });
    expect(calls[0].env).toEqual({
      PATH: '/usr/bin',
      HOME: '/home/u',
      LOCAL_MODEL_KEY: 'sk-local',
      HTTPS_PROXY: 'http://proxy:3128',
    });
    expect(calls[0].args).toEqual(expect.arrayContaining(['-c', 'shell_environment_policy.inherit="core"']));
  });

  it("runs codex in the call's codexHome (where its settings were read), leaving the default ~/.codex to codex", async () => {
    const calls = script({ lines: success('ok') }, { lines: success('ok') }, { lines: success('ok') });
    const c = await createCodexClient({ binary: BINARY, workspaceRoot: '/ws', env: { HOME: '/home/u' } });
    await c.run({ prompt: 'hi', cwd: '/ws', codexHome: '/srv/codex-home' });
    await c.run({ prompt: 'hi', cwd: '/ws', codexHome: '/home/u/.codex' });
    await c.run({ prompt: 'hi', cwd: '/ws' });
    expect(calls.map((call) => call.env.CODEX_HOME)).toEqual(['/srv/codex-home', undefined, undefined]);
  });

  it('runs codex exec, streams events and returns the validated structured answer', async () => {
    let schemaSeen: unknown;
    const calls = script({
      lines: success('{"answer":42}'),
      inspect: (options) => {
        const file = options.args[options.args.indexOf('--output-schema') + 1] as string;
        schemaSeen = JSON.parse(readFileSync(file, 'utf8'));
      },
    });
    const events: CodexEvent[] = [];
    const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'] };
    const c = await client();
    const result = await c.run<{ answer: number }>({
      prompt: 'hi',
      cwd: '/ws/app',
      outputSchema: schema,
      codexHome: '/tmp/home',
      env: { EXTRA: '1', DROPPED: '2' },
      passEnv: ['EXTRA'],
      onEvent: (e) => events.push(e),
    });

    expect(result).toMatchObject({
      threadId: 'T-1',
      text: '{"answer":42}',
      structured: { answer: 42 },
      usage: { inputTokens: 100, cachedInputTokens: 40, outputTokens: 20, reasoningOutputTokens: 5 },
      attempts: 1,
      transport: 'exec',
      codexVersion: '0.169.0',
    });
    expect(events.map((e) => e.type)).toEqual(['thread.started', 'turn.started', 'agent_message', 'turn.completed']);
    const options = calls[0] as RunProcessOptions;
    expect(options.file).toBe('/opt/codex');
    expect(options.args.slice(0, 4)).toEqual(['exec', '--json', '--skip-git-repo-check', '--ephemeral']);
    expect(options.input).toBeUndefined();
    expect(options.env).toEqual({ PATH: '/usr/bin', HOME: '/home/u', EXTRA: '1', CODEX_HOME: '/tmp/home' });
    expect(options.timeoutMs).toBe(600_000);
    expect(schemaSeen).toEqual(schema);
    // The schema's temp file is gone after the call.
    const schemaFile = options.args[options.args.indexOf('--output-schema') + 1] as string;
    expect(existsSync(schemaFile)).toBe(false);
  });

  it('runs a .js launcher under node', async () => {
    const calls = script({ lines: success('ok') });
    const c = await createCodexClient({ binary: { ...BINARY, path: '/n/codex.js' }, workspaceRoot: '/ws', env: {} });
    await c.run({ prompt: 'hi', cwd: '/ws' });
    expect(calls[0]?.file).toBe(process.execPath);
    expect(calls[0]?.args[0]).toBe('/n/codex.js');
  });

  it('retries a transient failure, emitting a retry event, and counts the attempts', async () => {
    script(
      {
        lines: failed('We’re currently experiencing high demand, which may cause temporary errors.'),
        result: { exitCode: 1 },
      },
      { lines: success('fine now') },
    );
    const events: CodexEvent[] = [];
    const result = await (await client()).run({ prompt: 'hi', cwd: '/ws', onEvent: (e) => events.push(e) });
    expect(result.attempts).toBe(2);
    expect(result.text).toBe('fine now');
    expect(events.filter((e) => e.type === 'retry')).toEqual([
      expect.objectContaining({
        type: 'retry',
        attempt: 2,
        reason: expect.stringContaining('experiencing high demand'),
      }),
    ]);
  });

  it('gives up on a transient failure after maxRetries', async () => {
    const message = 'stream disconnected before completion: stream closed before response.completed';
    script(
      ...[1, 2, 3].map(() => ({
        lines: failed(message),
        result: { exitCode: 1, stderr: 'Reading additional input from stdin...\n' },
      })),
    );
    const error = await failure((await client()).run({ prompt: 'hi', cwd: '/ws', maxRetries: 2 }));
    expect(runProcessMock).toHaveBeenCalledTimes(3);
    expect(error.kind).toBe('transient');
    expect(error.attempts).toBe(3);
    expect(error.message).toContain(message);
    expect(error.message).toContain('Tried 3 times.');
    expect(error.exitCode).toBe(1);
    expect(error.command?.[0]).toBe('/opt/codex');
  });

  it('does not retry a model error', async () => {
    script({ lines: failed('Connection failed: error sending request'), result: { exitCode: 1 } });
    const error = await failure((await client()).run({ prompt: 'hi', cwd: '/ws' }));
    expect(runProcessMock).toHaveBeenCalledTimes(1);
    expect(error.kind).toBe('model');
    expect(error.attempts).toBe(1);
    expect(error.message).toBe(
      'Codex failed: Connection failed: error sending request. Is the model server running and reachable? Check base_url of the model provider in your codex config (config.toml or -c model_providers.<name>.base_url).',
    );
  });

  it('reports a non-zero exit without events with the end of stderr', async () => {
    script({
      lines: [],
      result: {
        exitCode: 1,
        stderr: 'WARNING: proceeding, even though…\nError loading config.toml: unknown configuration field `x`\n',
      },
    });
    const error = await failure((await client()).run({ prompt: 'hi', cwd: '/ws' }));
    expect(error.kind).toBe('model');
    expect(error.message).toContain('Error loading config.toml: unknown configuration field `x`');
    expect(error.stderrTail).toContain('Error loading config.toml');
  });

  it("reports codex's own Error line, not the backtrace under it", async () => {
    const stderr = [
      'WARNING: proceeding, even though we could not create PATH aliases',
      'Error: turn/start: turn/start failed: Input exceeds the maximum length of 1048576 characters. (code -32602), data: {"max_chars":1048576,"actual_chars":5000000}',
      '',
      'Stack backtrace:',
      ...Array.from({ length: 12 }, (_, frame) => `  ${frame}: <unknown>`),
    ].join('\n');
    script({ lines: ['{"type":"thread.started","thread_id":"T-1"}'], result: { exitCode: 1, stderr } });
    const error = await failure((await client()).run({ prompt: 'hi', cwd: '/ws' }));
    expect(error.kind).toBe('model');
    expect(error.message).toMatch(
      /^Codex failed: Input exceeds the maximum length of 1048576 characters\. .*at most 1,048,576 characters/,
    );
    expect(error.message).not.toContain('<unknown>');
    expect(error.stderrTail).not.toContain('<unknown>');
  });

  it('stops codex at its reconnect loop and says what to check, without retrying', async () => {
    const reconnect =
      '{"type":"error","message":"Reconnecting... waiting for network (Connection failed: error sending request)"}';
    const seen = script({
      lines: ['{"type":"thread.started","thread_id":"T-1"}', '{"type":"turn.started"}', reconnect, reconnect],
    });
    const events: CodexEvent[] = [];
    const error = await failure(
      (await client()).run({ prompt: 'hi', cwd: '/ws', onEvent: (event) => events.push(event) }),
    );
    expect(seen).toHaveLength(1);
    expect(error.kind).toBe('model');
    expect(error.attempts).toBe(1);
    expect(error.message).toMatch(
      /^Codex cannot reach the model provider \(Connection failed: error sending request\) and would keep retrying, so it was stopped after [\d.]+ s\. Check that the model server is running/,
    );
    expect(error.message).toContain('base_url');
    expect(events.filter((event) => event.type === 'warning')).toHaveLength(1);
  });

  it('maps timeout, abort and interruption', async () => {
    script({ lines: ['{"type":"turn.started"}'], result: { stopped: 'timeout', signal: 'SIGTERM' } });
    const timeout = await failure((await client()).run({ prompt: 'hi', cwd: '/ws', timeoutMs: 1500 }));
    expect(timeout.kind).toBe('timeout');
    expect(timeout.message).toContain('did not finish within 1.5 s');
    expect(timeout.message).toContain('timeoutSeconds');
    expect(timeout.message).not.toContain('timeoutMs');

    script({ lines: [], result: { stopped: 'aborted' } });
    expect((await failure((await client()).run({ prompt: 'hi', cwd: '/ws' }))).kind).toBe('cancelled');

    script({ lines: [], result: { stopped: 'interrupted' } });
    const interrupted = await failure((await client()).run({ prompt: 'hi', cwd: '/ws' }));
    expect(interrupted.kind).toBe('cancelled');
    expect(interrupted.message).toContain('interrupted');
  });

  it('says when codex cannot be started', async () => {
    script({
      lines: [],
      result: { spawnError: { code: 'ENOENT', message: 'spawn /opt/codex ENOENT' }, exitCode: undefined },
    });
    const error = await failure((await client()).run({ prompt: 'hi', cwd: '/ws' }));
    expect(error.kind).toBe('spawn');
    expect(error.message).toContain('spawn /opt/codex ENOENT');
  });

  it('rejects an answer that does not fit the schema, and an empty one', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'] };
    script({ lines: success('{"answer":"forty-two"}') });
    const invalid = await failure((await client()).run({ prompt: 'hi', cwd: '/ws', outputSchema: schema }));
    expect(invalid.kind).toBe('invalid-answer');
    expect(invalid.message).toContain('  - /answer: must be number');
    expect(runProcessMock).toHaveBeenCalledTimes(1);

    script({ lines: success('') });
    expect((await failure((await client()).run({ prompt: 'hi', cwd: '/ws' }))).kind).toBe('invalid-answer');
  });

  it('reports the usage of a resumed turn as its own share of the thread total', async () => {
    script({ lines: success('one', 'T-9', USAGE_LINE(100)) }, { lines: success('two', 'T-9', USAGE_LINE(230, 50)) });
    const c = await client();
    const first = await c.run({ prompt: 'first', cwd: '/ws', ephemeral: false });
    const second = await c.run({ prompt: 'second', cwd: '/ws', resumeThreadId: 'T-9' });
    expect(first.usage.inputTokens).toBe(100);
    expect(second.threadUsage).toEqual({
      inputTokens: 230,
      cachedInputTokens: 40,
      outputTokens: 50,
      reasoningOutputTokens: 5,
    });
    expect(second.usage).toEqual({
      inputTokens: 130,
      cachedInputTokens: 0,
      outputTokens: 30,
      reasoningOutputTokens: 0,
    });
    expect(runProcessMock.mock.calls[1]?.[0].args).toEqual(expect.arrayContaining(['resume', '--', 'T-9', 'second']));
  });
});
