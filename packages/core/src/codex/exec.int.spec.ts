// The client with the real codex 0.169.0 (exec transport) against tools/local-model.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import {
  assertBuiltClientIsFresh,
  driveClient,
  isCodexItself,
  runClient,
  SUMMARY_SCHEMA,
} from '../../e2e-support/drive-client';

import * as testing from '@nx-codex/testing';

const SCHEMA = SUMMARY_SCHEMA;

let model: import('@nx-codex/testing').LocalModel;
let home: import('@nx-codex/testing').CodexHome;
let temp: { dir: string; cleanup(): void };
let workspace: string;

const client = (extra: Record<string, unknown> = {}) => ({
  workspaceRoot: testing.repoRoot,
  binary: testing.codexBin('0.169'),
  retry: { baseDelayMs: 100, maxDelayMs: 200 },
  killGraceMs: 1000,
  ...extra,
});
/** Longer than any test: a call that ends before the model answers ended because we stopped it (no timing assertion needed). */
const NEVER_MS = 3_600_000;
const call = (extra: Record<string, unknown> = {}) => ({
  prompt: 'Say hello.',
  cwd: workspace,
  codexHome: home.dir,
  sandbox: 'read-only',
  timeoutMs: 20_000,
  ...extra,
});

/** All user text of a logged request (the prompt and, when resuming, the earlier ones). */
function userText(body: { input?: Array<{ role?: string; content?: Array<{ text?: string }> }> }): string {
  return (body.input ?? [])
    .filter((item) => item.role === 'user')
    .flatMap((item) => item.content ?? [])
    .map((part) => part.text ?? '')
    .join('\n');
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const codexProcesses = () => testing.listProcesses(workspace).filter(isCodexItself);

beforeAll(async () => {
  assertBuiltClientIsFresh();
  model = await testing.startLocalModel({ scenario: 'message' });
  home = testing.createCodexHome({ baseUrl: model.url });
  temp = testing.makeTempDir('codex-client-int-');
  workspace = path.join(temp.dir, 'ws');
  mkdirSync(workspace);
});

afterAll(async () => {
  await model?.stop();
  home?.cleanup();
  temp?.cleanup();
});

beforeEach(async () => {
  await model.reset();
});

describe('codex 0.169.0 over exec', () => {
  it('returns a structured answer validated against the schema, with events and usage', async () => {
    await model.setScenario('schema-json');
    const run = await runClient({
      client: client(),
      calls: [call({ prompt: 'Summarise the project.', outputSchema: SCHEMA })],
    });
    expect(run.error()).toBeUndefined();
    const result = run.result() ?? {};
    expect(result.transport).toBe('exec');
    expect(result.codexVersion).toBe('0.169.0');
    expect(result.attempts).toBe(1);
    expect(Object.keys(result.structured).sort()).toEqual(['count', 'level', 'summary']);
    expect(JSON.parse(result.text)).toEqual(result.structured);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(run.events().map((e) => e.type)).toEqual([
      'thread.started',
      'turn.started',
      'agent_message',
      'turn.completed',
    ]);
    const [request] = await model.requests();
    expect(request?.body.text.format.schema).toEqual(SCHEMA);
  });

  it('sends the prompt to the model and returns its text', async () => {
    await model.setScenario('message');
    const run = await runClient({ client: client(), calls: [call({ prompt: 'marker-7f3a: please answer' })] });
    expect(run.result()?.text).toBe('Hello from local-model.');
    const requests = await model.requests();
    expect(requests).toHaveLength(1);
    expect(userText(requests[0]?.body)).toContain('marker-7f3a: please answer');
  });

  it('passes a prompt too long for argv through stdin', async () => {
    await model.setScenario('message');
    const prompt = `${'long prompt line\n'.repeat(12_000)}end-marker-91c2`;
    const run = await runClient({ client: client(), calls: [call({ prompt })] });
    expect(run.error()).toBeUndefined();
    const text = userText((await model.requests())[0]?.body);
    expect(text).toContain(prompt);
  });

  it('resumes a thread: the second request carries the first prompt', async () => {
    await model.setScenario('message');
    const run = await runClient({
      client: client(),
      calls: [
        call({ prompt: 'first-turn-51d', ephemeral: false }),
        call({ prompt: 'second-turn-a07', resumePrevious: true }),
      ],
    });
    expect(run.result(1)?.threadId).toBe(run.result(0)?.threadId);
    const requests = await model.requests();
    expect(requests).toHaveLength(2);
    expect(userText(requests[1]?.body)).toMatch(/first-turn-51d[\s\S]*second-turn-a07/);
    // codex reports the thread's total; the client reports the turn's share.
    expect(run.result(1)?.threadUsage.inputTokens).toBeGreaterThan(run.result(1)?.usage.inputTokens);
  });

  it.each([
    ['http-error-500', 'transient', 3, 'We’re currently experiencing high demand, which may cause temporary errors'],
    ['http-error-429', 'transient', 3, 'exceeded retry limit, last status: 429 Too Many Requests'],
    [
      'response-failed',
      'transient',
      3,
      'stream disconnected before completion: local-model: the model failed on purpose',
    ],
    [
      'stream-cut',
      'transient',
      3,
      'stream disconnected before completion: Transport error: network error: error decoding response body',
    ],
    ['malformed-json', 'invalid-answer', 1, "Codex's answer is not JSON"],
    ['schema-violation', 'invalid-answer', 1, "Codex's answer does not fit the output schema:\n  - "],
    ['empty', 'invalid-answer', 1, 'Codex returned an empty answer'],
  ])('scenario %s fails as %s after %i attempt(s)', async (scenario, kind, attempts, message) => {
    await model.setScenario(scenario);
    const run = await runClient({ client: client(), calls: [call({ outputSchema: SCHEMA, maxRetries: 2 })] });
    const error = run.error();
    expect(error).toMatchObject({ kind, attempts });
    expect(error?.message).toContain(message);
    expect(await model.requests()).toHaveLength(attempts);
    expect(run.events().filter((e) => e.type === 'retry')).toHaveLength(attempts - 1);
    if (attempts > 1) expect(error?.message).toContain(`Tried ${attempts} times.`);
  });

  it('stops a call whose model does not answer in time', async () => {
    await model.setScenario({
      steps: [{ kind: 'slow-first-byte', delayMs: NEVER_MS, then: { kind: 'message', text: 'too late' } }],
    });
    const run = await runClient({ client: client(), calls: [call({ timeoutMs: 1500 })] });
    expect(run.error()).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(run.error()?.message).toContain('did not finish within 1.5 s');
    expect(codexProcesses()).toEqual([]);
  });

  it('leaves no codex process behind when a call is aborted', async () => {
    await model.setScenario({
      steps: [{ kind: 'slow-first-byte', delayMs: NEVER_MS, then: { kind: 'message', text: 'too late' } }],
    });
    const driven = driveClient({ client: client(), calls: [call({ prompt: 'abort me', abortAfterFirstEvent: true })] });
    await driven.waitForLine((line) => Boolean(line.event));
    const run = await driven.done;
    expect(run.error()).toMatchObject({ kind: 'cancelled' });
    expect(codexProcesses()).toEqual([]);
  });

  it('stops codex and dies of SIGINT when its own process is interrupted', async () => {
    await model.setScenario({
      steps: [{ kind: 'slow-first-byte', delayMs: 20_000, then: { kind: 'message', text: 'too late' } }],
    });
    const driven = driveClient({ client: client(), calls: [call({ prompt: 'interrupt me' })] });
    await driven.waitForLine((line) => line.event?.type === 'turn.started');
    expect(codexProcesses()).toHaveLength(1);
    driven.child.kill('SIGINT');
    const run = await driven.done;
    expect(run.signal).toBe('SIGINT');
    expect(codexProcesses()).toEqual([]);
  });

  it('fails fast when nothing listens at the model base_url', async () => {
    const port = await closedPort();
    const started = Date.now();
    const run = await runClient({
      client: client(),
      calls: [call({ config: { 'model_providers.local.base_url': `http://127.0.0.1:${port}/v1` } })],
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(run.error()).toMatchObject({ kind: 'model', attempts: 1 });
    expect(run.error()?.message).toContain(
      'Codex failed: Connection failed: error sending request. Is the model server running and reachable?',
    );
  });

  it("stops at codex's reconnect loop when the user config retries an unreachable provider without end", async () => {
    const port = await closedPort();
    // A normal user config: without `features.unbounded_connection_retries = false` codex prints
    // "Reconnecting... waiting for network" and retries until it is killed.
    const run = await runClient({
      client: client(),
      calls: [
        call({
          config: {
            'model_providers.local.base_url': `http://127.0.0.1:${port}/v1`,
            'features.unbounded_connection_retries': true,
          },
        }),
      ],
    });
    expect(run.error()).toMatchObject({ kind: 'model', attempts: 1 });
    expect(run.error()?.message).toMatch(
      /^Codex cannot reach the model provider \(Connection failed: error sending request\) and would keep retrying, so it was stopped after [\d.]+ s\. Check that the model server is running/,
    );
    expect(codexProcesses()).toEqual([]);
  });

  it('says how to install codex when the binary is missing', async () => {
    const missing = await runClient({
      client: client({ binary: path.join(temp.dir, 'no', 'codex') }),
      calls: [call()],
    });
    expect(missing.error(-1)).toMatchObject({ kind: 'not-found' });
    expect(missing.error(-1)?.message).toContain('Codex not found at');

    const nowhere = await runClient({
      client: client({ binary: undefined, workspaceRoot: workspace, env: { PATH: temp.dir } }),
      calls: [call()],
    });
    expect(nowhere.error(-1)).toMatchObject({ kind: 'not-found' });
    expect(nowhere.error(-1)?.message).toContain('npm install -D @openai/codex@0.169.0');
  });

  it('refuses a codex that is too old', async () => {
    const fake = path.join(temp.dir, 'old-codex');
    writeFileSync(fake, '#!/bin/sh\necho "codex-cli 0.1.0"\n');
    chmodSync(fake, 0o755);
    const run = await runClient({ client: client({ binary: fake }), calls: [call()] });
    expect(run.error(-1)).toMatchObject({ kind: 'too-old' });
    expect(run.error(-1)?.message).toContain('Codex 0.1.0');
    expect(run.error(-1)?.message).toContain('npm install -D @openai/codex@0.169.0');
  });
});
