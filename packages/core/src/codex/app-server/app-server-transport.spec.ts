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
  /** What prepareThreads was asked for: the parameters and the least number of spares. */
  readonly prepared: Array<[Record<string, unknown>, number | undefined]> = [];
  request(method: string): Promise<never> {
    this.requests.push(method);
    return new Promise<never>(() => undefined);
  }
  /** The parameters of each thread a call asked for. */
  readonly threads: Array<Record<string, unknown>> = [];
  startThread(params: Record<string, unknown>): Promise<never> {
    this.threads.push(params);
    return this.request('thread/start');
  }
  prepareThreads(params: Record<string, unknown>, minimum?: number) {
    this.prepared.push([params, minimum]);
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

  it('has the server start the threads asked for before any call gets it, with the parameters the calls use', async () => {
    const { pool, started } = fakePool();
    const call = { cwd: '/ws', sandbox: 'read-only' as const, model: 'm', config: {}, passEnv: [], maxRetries: 0 };
    prestartAppServer(pool, binary, call, 3);
    const client = await createCodexClient({ binary, workspaceRoot: '/ws', appServer: pool });
    const abort = new AbortController();
    const running = client.run({ ...call, prompt: 'Summarise.', signal: abort.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(started).toHaveLength(1);
    // Asked for before the call got the server, for the very parameters of the call's thread.
    expect(started[0].prepared).toEqual([[started[0].threads[0], 3]]);
    expect(started[0].threads[0]).toMatchObject({ cwd: '/ws', model: 'm', sandbox: 'read-only' });
    abort.abort();
    await expect(running).rejects.toMatchObject({ kind: 'cancelled' });
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

  it('stops waiting for thread/start when the call is aborted', async () => {
    const server = new FakeServer();
    const abort = new AbortController();
    const call = runAppServerTurn(server as unknown as AppServerConnection, options, context({ signal: abort.signal }));
    abort.abort();
    await expect(call).rejects.toMatchObject({ kind: 'cancelled' });
  });
});
