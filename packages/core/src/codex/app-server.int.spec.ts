// The client over a shared `codex app-server` (batch mode's transport) with the real codex 0.169.0
// against tools/local-model: the same answers as exec, several threads at once on one server, a
// failing or stopped call that leaves the others alone, and no codex left after Ctrl-C.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  assertBuiltClientIsFresh,
  driveClient,
  isCodexItself,
  runClient,
  SUMMARY_SCHEMA,
} from '../../e2e-support/drive-client';

import * as testing from '@nx-codex/testing';
import { AppServerConnection } from './app-server/app-server-connection';
import { AppServerPool, appServerArgs } from './app-server/app-server-transport';
import { threadStartParams } from './app-server/app-server-turn';
import { commandOf } from './launcher';
import { createCodexClient } from './client';
import type { CodexCallOptions } from './types';

const SCHEMA = SUMMARY_SCHEMA;
/** Longer than any test: a call that ends before the model answers ended because we stopped it. */
const NEVER_MS = 3_600_000;

let model: testing.LocalModel;
let home: testing.CodexHome;
let temp: { dir: string; cleanup(): void };
let workspace: string;

const client = () => ({
  workspaceRoot: testing.repoRoot,
  binary: testing.codexBin('0.169'),
  retry: { baseDelayMs: 100, maxDelayMs: 200 },
  killGraceMs: 1000,
});
const call = (extra: Record<string, unknown> = {}) => ({
  prompt: 'Summarise the project.',
  cwd: workspace,
  codexHome: home.dir,
  sandbox: 'read-only',
  approvalPolicy: 'never',
  baseInstructions: 'You review code.',
  // The provider's display name carries the workspace path: the server's command line then names
  // this test (codexProcesses), as `-C <workspace>` does for exec.
  config: {
    'features.shell_tool': false,
    'features.unified_exec': false,
    'model_providers.local.name': `local model of ${workspace}`,
  },
  outputSchema: SCHEMA,
  maxRetries: 0,
  timeoutMs: 30_000,
  ...extra,
});

const codexProcesses = () => testing.listProcesses(workspace).filter(isCodexItself);

/** A logged request without what differs between any two (ids, cache keys, client metadata). */
const comparable = (body: unknown) =>
  JSON.parse(
    JSON.stringify(body, (key, value) =>
      ['id', 'prompt_cache_key', 'client_metadata'].includes(key) ? undefined : value,
    ),
  );

beforeAll(async () => {
  assertBuiltClientIsFresh();
  model = await testing.startLocalModel({ scenario: 'schema-json' });
  home = testing.createCodexHome({ baseUrl: model.url });
  temp = testing.makeTempDir('codex-app-server-int-');
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
  await model.setScenario('schema-json');
});

describe('codex 0.169.0 over a shared app-server', () => {
  it('answers as exec does: same structured answer, usage and model request', async () => {
    const exec = await runClient({ client: client(), calls: [call()] });
    const [execRequest] = await model.requests();
    await model.reset();
    await model.setScenario('schema-json');
    const shared = await runClient({ client: client(), appServer: true, calls: [call()] });
    const [sharedRequest] = await model.requests();

    expect(shared.error()).toBeUndefined();
    const result = shared.result() as Record<string, unknown>;
    expect(result.transport).toBe('app-server');
    expect(result.structured).toEqual(exec.result()?.structured);
    expect(result.usage).toEqual(exec.result()?.usage);
    expect(shared.events().map((event) => event.type)).toEqual([
      'thread.started',
      'turn.started',
      'agent_message',
      'turn.completed',
    ]);
    // The same tools (no shell), answer format and messages; the instructions as given (exec reads
    // them from a file and keeps its final line break).
    const strip = (body: unknown) => {
      const copy = comparable(body) as { input: Array<{ content: Array<{ text: string }> }> };
      copy.input[0].content[0].text = copy.input[0].content[0].text.trimEnd();
      return copy;
    };
    expect(strip(sharedRequest?.body)).toEqual(strip(execRequest?.body));
    expect(JSON.stringify(sharedRequest?.body.tools)).not.toMatch(/exec_command|write_stdin/);
    expect(codexProcesses()).toEqual([]);
  });

  it('serves several calls at once on one server, and a failing call fails only itself', async () => {
    await model.setScenario({
      steps: [{ kind: 'schema-json' }, { kind: 'malformed-json' }, { kind: 'schema-json' }, { kind: 'schema-json' }],
    });
    const driven = driveClient({
      client: client(),
      appServer: true,
      concurrent: true,
      calls: [1, 2, 3, 4].map(() => call()),
    });
    await driven.waitForLine((line) => line.event?.type === 'turn.started');
    const servers = codexProcesses();
    const run = await driven.done;
    expect(servers).toHaveLength(1);
    expect(servers[0].argv).toContain('app-server');
    const outcomes = [0, 1, 2, 3].map((index) => (run.result(index) ? 'answer' : run.error(index)?.kind));
    expect(outcomes.sort()).toEqual(['answer', 'answer', 'answer', 'invalid-answer']);
    expect(await model.requests()).toHaveLength(4);
    expect(codexProcesses()).toEqual([]);
  });

  it('stops a call that runs out of time and serves the next one on the same server', async () => {
    await model.setScenario({
      steps: [{ kind: 'slow-first-byte', delayMs: NEVER_MS, then: { kind: 'schema-json' } }, { kind: 'schema-json' }],
    });
    const run = await runClient({
      client: client(),
      appServer: true,
      calls: [call({ timeoutMs: 1500 }), call({ prompt: 'second call' })],
    });
    expect(run.error(0)).toMatchObject({ kind: 'timeout' });
    expect(run.error(1)).toBeUndefined();
    expect(run.result(1)?.transport).toBe('app-server');
    expect(codexProcesses()).toEqual([]);
  });

  it('stops the server and dies of SIGINT when its own process is interrupted', async () => {
    await model.setScenario({
      steps: [{ kind: 'slow-first-byte', delayMs: NEVER_MS, then: { kind: 'schema-json' } }],
    });
    const driven = driveClient({ client: client(), appServer: true, concurrent: true, calls: [call(), call()] });
    await driven.waitForLine((line) => line.event?.type === 'turn.started');
    expect(codexProcesses()).toHaveLength(1);
    driven.child.kill('SIGINT');
    const run = await driven.done;
    expect(run.signal).toBe('SIGINT');
    expect(codexProcesses()).toEqual([]);
  });

  it('answers a call on the thread prepared for it while it waited, with the same request as without', async () => {
    const pool = new AppServerPool(1000);
    const started: string[] = [];
    let firstStarted: () => void = () => undefined;
    const firstStart = new Promise<void>((resolve) => (firstStarted = resolve));
    const startThread = AppServerConnection.prototype.startThread;
    const spy = jest.spyOn(AppServerConnection.prototype, 'startThread').mockImplementation(function (
      this: AppServerConnection,
      params,
    ) {
      return startThread.call(this, params).then((thread) => (started.push(thread.id), firstStarted(), thread));
    });
    try {
      const codex = await createCodexClient({ ...client(), appServer: pool });
      const callOptions = call() as CodexCallOptions;
      const { prompt: _prompt, ...options } = callOptions;
      codex.prepare?.(options);
      await firstStart; // started by prepare alone, before any call (without it, this waits forever)
      const result = await codex.run(callOptions);
      expect(started).toHaveLength(1); // the prepared thread, no other
      expect(result.threadId).toBe(started[0]);
      expect(result.transport).toBe('app-server');
      const [request] = await model.requests();
      await model.reset();
      await model.setScenario('schema-json');
      const plain = await codex.run(callOptions);
      expect(started).toHaveLength(2);
      expect(plain.structured).toEqual(result.structured);
      const [plainRequest] = await model.requests();
      expect(comparable(request?.body)).toEqual(comparable(plainRequest?.body));
    } finally {
      spy.mockRestore();
      await pool.close();
    }
    expect(codexProcesses()).toEqual([]);
  });

  it('tells when no thread/start or turn/start of ours is waiting for its answer', async () => {
    const { file, prefixArgs } = commandOf(testing.codexBin('0.169'));
    const connection = await AppServerConnection.start(
      {
        file,
        args: [...prefixArgs, ...appServerArgs(call())],
        env: { PATH: process.env.PATH, CODEX_HOME: home.dir },
        killGraceMs: 1000,
      },
      '0.169.0',
    );
    try {
      await expect(connection.startsAnswered(60_000)).resolves.toBeUndefined(); // nothing out
      const params = threadStartParams(call() as CodexCallOptions);
      const threads = [1, 2].map(() => connection.startThread(params));
      // Codex needs milliseconds for a thread/start; a turn of the event loop is far less.
      const early = await Promise.race([
        connection.startsAnswered(60_000).then(() => 'answered'),
        new Promise((resolve) => setImmediate(() => resolve('still out'))),
      ]);
      expect(early).toBe('still out');
      const answered = connection.startsAnswered(60_000).then(() => 'answered');
      await Promise.all(threads);
      await expect(answered).resolves.toBe('answered');
    } finally {
      await connection.close();
    }
    expect(codexProcesses()).toEqual([]);
  });

  it('fails the start of a server that never answers initialize, and leaves no process', async () => {
    // A process that reads stdin and never answers: what a stuck server looks like to us.
    const marker = `never-initializes-${path.basename(temp.dir)}`;
    const start = AppServerConnection.start(
      {
        file: process.execPath,
        args: ['-e', 'process.stdin.resume(); setInterval(() => undefined, 1000)', marker],
        env: { PATH: process.env.PATH },
        killGraceMs: 500,
        initializeTimeoutMs: 1000,
      },
      '0.0.0',
    );
    await expect(start).rejects.toThrow(/did not answer `initialize` within 1 s/);
    expect(testing.listProcesses(marker)).toEqual([]);
  });
});
