// The pool and a turn over a fake connection (the process boundary): which servers the pool starts
// and stops, and that a call's timeout covers thread/start. The real server: app-server.int.spec.ts.
import { createCodexClient, prestartAppServer } from '../client';
import type { AttemptContext } from '../transport';
import type { CodexBinary, CodexCallOptions } from '../types';
import type { AppServerCommand, AppServerConnection, ConnectionEnd } from './app-server-connection';
import { AppServerPool } from './app-server-transport';
import { runAppServerTurn } from './app-server-turn';

const binary: CodexBinary = {
  path: '/opt/codex',
  version: '0.169.0',
  source: 'option',
  abilities: { outputSchema: true, execResume: true },
};
const context = (extra: Partial<AttemptContext> = {}): AttemptContext => ({
  binary,
  env: { PATH: '/usr/bin' },
  emit: () => undefined,
  timeoutMs: 30_000,
  killGraceMs: 100,
  ...extra,
});
const options: CodexCallOptions = { prompt: 'Summarise.', cwd: '/ws' } as CodexCallOptions;

/** A server that answers `thread/start` only when told to (never, unless a test resolves it). */
class FakeServer {
  ended: ConnectionEnd | undefined;
  closed = false;
  readonly requests: string[] = [];
  /** The threadId of each turn/start. */
  readonly turns: unknown[] = [];
  /** The parameters of each thread/start. */
  readonly threads: Array<Record<string, unknown>> = [];
  /** Set: thread/start is answered at once (thread T1, T2...); else never. */
  answerThreads = false;
  /** Set: how turn/start is answered (else never). */
  turnAnswer?: Promise<unknown>;
  request(method: string, params?: { threadId?: unknown }): Promise<never> {
    this.requests.push(method);
    if (method === 'turn/start') this.turns.push(params?.threadId);
    if (method === 'turn/start' && this.turnAnswer) return this.turnAnswer as Promise<never>;
    return new Promise<never>(() => undefined);
  }
  /** The ages startsAnswered was asked about. */
  readonly startsAsked: number[] = [];
  async startsAnswered(maxAgeMs: number): Promise<void> {
    this.startsAsked.push(maxAgeMs);
  }
  startThread(params: Record<string, unknown>): Promise<{ id: string }> {
    this.threads.push(params);
    if (this.answerThreads) return Promise.resolve({ id: `T${this.threads.length}` });
    return this.request('thread/start');
  }
  onThread() {
    return () => undefined;
  }
  onEnd() {
    return () => undefined;
  }
  async close() {
    this.closed = true;
  }
}

function fakePool() {
  const started: FakeServer[] = [];
  const pool = new AppServerPool(undefined, async (_command: AppServerCommand) => {
    const server = new FakeServer();
    started.push(server);
    return server as unknown as AppServerConnection;
  });
  return { pool, started };
}

describe('AppServerPool', () => {
  it('reuses the running server for the same settings', async () => {
    const { pool, started } = fakePool();
    const [first, second] = await Promise.all([
      pool.connection(options, context()),
      pool.connection(options, context()),
    ]);
    expect(first).toBe(second);
    expect(started).toHaveLength(1);
    await pool.close();
    expect(started[0].closed).toBe(true);
  });

  it('starts one new server when calls at once find theirs ended, and close() stops every server it started', async () => {
    const { pool, started } = fakePool();
    await pool.connection(options, context());
    started[0].ended = { reason: 'exited', stderr: '' };
    const after = await Promise.all([1, 2, 3].map(() => pool.connection(options, context())));
    expect(started).toHaveLength(2);
    expect(new Set(after)).toEqual(new Set([started[1]]));
    await pool.close();
    expect(started[1].closed).toBe(true);
  });

  it('asks its running servers whether their recent starts are answered, and does not wait for one still starting', async () => {
    const { pool, started } = fakePool();
    await expect(pool.startsAnswered(50)).resolves.toBeUndefined(); // no server
    await pool.connection(options, context());
    await pool.startsAnswered(20);
    expect(started[0].startsAsked).toEqual([20]);
    await pool.close();

    const starting = new AppServerPool(undefined, () => new Promise<never>(() => undefined));
    void starting.connection(options, context());
    await expect(starting.startsAnswered(20)).resolves.toBeUndefined();
  });

  it('starts nothing for a call that was waiting on an ended server when the pool closed', async () => {
    const { pool, started } = fakePool();
    await pool.connection(options, context());
    started[0].ended = { reason: 'exited', stderr: '' };
    const waiting = pool.connection(options, context());
    await pool.close();
    await expect(waiting).rejects.toThrow(/closed/);
    expect(started).toHaveLength(1);
  });
});

describe('prestartAppServer', () => {
  it('starts, without waiting, the very server a later call of a client on the pool uses', async () => {
    const { pool, started } = fakePool();
    const call = { cwd: '/ws', config: { model: 'm' }, passEnv: [], maxRetries: 0, timeoutMs: 30_000 };
    prestartAppServer(pool, binary, call);
    expect(started).toHaveLength(1); // started before any call
    const client = await createCodexClient({ binary, workspaceRoot: '/ws', appServer: pool });
    const abort = new AbortController();
    const running = client.run({ ...call, prompt: 'Summarise.', signal: abort.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started[0].requests).toEqual(['thread/start']);
    abort.abort();
    await expect(running).rejects.toMatchObject({ kind: 'cancelled' });
    expect(started).toHaveLength(1);
    await pool.close();
    expect(started[0].closed).toBe(true);
  });

  it('gives a call the thread prepared for it while it waited, only for the very same thread parameters', async () => {
    const { pool, started } = fakePool();
    const call = { cwd: '/ws', sandbox: 'read-only' as const, model: 'm', config: {}, passEnv: [], maxRetries: 0 };
    const client = await createCodexClient({ binary, workspaceRoot: '/ws', appServer: pool });
    const tick = () => new Promise((resolve) => setTimeout(resolve, 10));
    client.prepare?.(call);
    await tick();
    started[0].answerThreads = true;
    expect(started[0].threads).toHaveLength(1); // not answered yet: the call below waits for it
    const abort = new AbortController();
    const calls = [client.run({ ...call, prompt: 'first', signal: abort.signal })];
    await tick();
    expect(started[0].turns).toEqual([]); // its thread is the prepared one, still starting
    expect(started[0].threads).toHaveLength(1);

    // Prepared for read-only, called with another sandbox: a thread of its own.
    client.prepare?.(call);
    calls.push(client.run({ ...call, sandbox: 'workspace-write', prompt: 'second', signal: abort.signal }));
    await tick();
    expect(started[0].threads.map((params) => params.sandbox)).toEqual(['read-only', 'read-only', 'workspace-write']);
    expect(started[0].turns).toEqual(['T3']);
    // Prepared and taken: the next call sends its turn on it.
    client.prepare?.(call);
    calls.push(client.run({ ...call, prompt: 'third', signal: abort.signal }));
    await tick();
    expect(started[0].turns).toEqual(['T3', 'T4']);
    expect(started).toHaveLength(1);
    abort.abort();
    for (const running of calls) await expect(running).rejects.toMatchObject({ kind: 'cancelled' });
    await pool.close();
  });

  it('starts nothing for a call with a profile (it goes through exec)', async () => {
    const { pool, started } = fakePool();
    prestartAppServer(pool, binary, { cwd: '/ws', profile: 'p' });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toHaveLength(0);
  });
});

describe('runAppServerTurn', () => {
  afterEach(() => jest.useRealTimers());

  it('times out a call whose thread/start the server never answers', async () => {
    jest.useFakeTimers();
    const server = new FakeServer();
    const outcome: { error?: unknown } = {};
    const call = runAppServerTurn(server as unknown as AppServerConnection, options, context({ timeoutMs: 1000 }));
    call.catch((error: unknown) => (outcome.error = error));
    await jest.advanceTimersByTimeAsync(1000);
    expect(server.requests).toEqual(['thread/start']);
    expect(outcome.error).toMatchObject({ kind: 'timeout' });
  });

  it('interrupts a turn that Codex names only after the call gave up on it', async () => {
    const server = new FakeServer();
    server.answerThreads = true;
    let name: (answer: unknown) => void = () => undefined;
    server.turnAnswer = new Promise((resolve) => (name = resolve));
    const abort = new AbortController();
    const call = runAppServerTurn(server as unknown as AppServerConnection, options, context({ signal: abort.signal }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.requests).toEqual(['turn/start']);
    abort.abort();
    await expect(call).rejects.toMatchObject({ kind: 'cancelled' });
    expect(server.requests).toEqual(['turn/start']); // no turn id yet: nothing to interrupt
    name({ turn: { id: 'U1' } });
    await new Promise((resolve) => setImmediate(resolve));
    expect(server.requests).toEqual(['turn/start', 'turn/interrupt']);
  });

  it('stops waiting for thread/start when the call is aborted', async () => {
    const server = new FakeServer();
    const abort = new AbortController();
    const call = runAppServerTurn(server as unknown as AppServerConnection, options, context({ signal: abort.signal }));
    abort.abort();
    await expect(call).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
