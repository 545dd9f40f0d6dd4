import { CodexError } from '../errors';
import { ExecTransport } from '../exec/exec-transport';
import { commandOf } from '../launcher';
import { tomlDottedKey, toTomlValue } from '../../config/toml-value';
import type { AttemptContext, AttemptResult, Transport } from '../transport';
import type { CodexCallOptions } from '../types';
import { AppServerConnection } from './app-server-connection';
import { runAppServerTurn, threadStartParams } from './app-server-turn';

/** A thread started for the next call of a client: on which server, for which thread/start parameters. */
interface ReservedThread {
  connection: Promise<AppServerConnection>;
  params: string;
  thread: Promise<{ id: string }>;
}

/**
 * Long-lived `codex app-server` processes shared by many calls (a batch of reviews): one per set
 * of `-c` settings and environment, started on first use, each serving several threads at once.
 * Owned by whoever runs the batch: close() stops them all.
 */
export class AppServerPool {
  private readonly servers = new Map<string, Promise<AppServerConnection>>();
  /** The servers that answered `initialize` (startsAnswered asks only them). */
  private readonly running = new Set<AppServerConnection>();
  private closed = false;

  constructor(
    private readonly killGraceMs?: number,
    /** How a server is started (a unit test gives a fake at this process boundary). */
    private readonly start: typeof AppServerConnection.start = (command, version) =>
      AppServerConnection.start(command, version),
  ) {}

  /**
   * The running server for these settings, started when there is none (or it ended). One start per
   * key at a time: calls that waited on an ended server take the one the first of them started,
   * so every server we start stays in the map and close() stops it.
   */
  async connection(options: CodexCallOptions, context: AttemptContext): Promise<AppServerConnection> {
    const { file, prefixArgs } = commandOf(context.binary.path);
    const args = [...prefixArgs, ...appServerArgs(options)];
    const key = JSON.stringify([file, args, context.env]);
    for (;;) {
      if (this.closed) throw new Error('the codex app-server pool is closed');
      const running = this.servers.get(key);
      if (!running) break;
      const connection = await running.catch(() => undefined);
      if (this.servers.get(key) !== running) continue; // replaced (or the pool closed) while we waited
      if (connection && !connection.ended) return connection;
      break;
    }
    const starting = this.start(
      { file, args, env: context.env, killGraceMs: this.killGraceMs ?? context.killGraceMs },
      context.binary.version,
    ).then((connection) => (this.running.add(connection), connection));
    this.servers.set(key, starting);
    return starting;
  }

  /**
   * Resolves when the running servers of the pool have answered the thread and turn starts sent in
   * the last `maxMs` (AppServerConnection.startsAnswered; a server still starting is not waited
   * for): the batch's own work (reports, the next preparations) waits for that, so that on a small
   * machine Codex gets the processor while it builds the requests the model waits for.
   */
  async startsAnswered(maxMs: number): Promise<void> {
    await Promise.all([...this.running].map((connection) => connection.startsAnswered(maxMs)));
  }

  async close(): Promise<void> {
    this.closed = true;
    const servers = [...this.servers.values()];
    this.servers.clear();
    this.running.clear();
    await Promise.all(servers.map((server) => server.then((connection) => connection.close()).catch(() => undefined)));
  }
}

/**
 * `codex app-server -c …`: the same `-c` settings `codex exec` gets (exec-args.ts), so the trust
 * rules (features.shell_tool=false, unified_exec=false, the scrubbed shell environment) apply
 * alike. Sandbox, model, approvals and instructions go with each thread (threadStartParams).
 */
export function appServerArgs(options: Pick<CodexCallOptions, 'config'>): string[] {
  const args = ['app-server'];
  for (const [key, value] of Object.entries(options.config ?? {})) {
    if (value !== undefined) args.push('-c', `${tomlDottedKey(key)}=${toTomlValue(value, key)}`);
  }
  return args;
}

/**
 * Calls on threads of a shared `codex app-server` (batch mode): no codex start per call. What the
 * app-server cannot take the same way (a `-p` profile, resuming a thread) goes through exec.
 */
export class AppServerTransport implements Transport {
  readonly name = 'app-server' as const;
  private readonly exec = new ExecTransport();
  private reserved?: ReservedThread;

  constructor(private readonly pool: AppServerPool) {}

  /**
   * Starts a thread for this client's next call (a review waiting for its turn at the model): when
   * the turn comes, the call sends it at once. The thread serves only a call with the same server
   * and the very same thread/start parameters (cwd, sandbox, approvals, model, instructions).
   */
  prepare(options: Omit<CodexCallOptions, 'prompt'>, context: AttemptContext): void {
    if (options.profile !== undefined || options.resumeThreadId !== undefined) return;
    const params = threadStartParams(options);
    const connection = this.pool.connection({ ...options, prompt: '' }, context);
    const thread = connection.then((server) => server.startThread(params));
    thread.catch(() => undefined); // a failed start is met again (and reported) by the call itself
    this.reserved = { connection, params: JSON.stringify(params), thread };
  }

  async attempt(options: CodexCallOptions, context: AttemptContext): Promise<AttemptResult> {
    if (options.profile !== undefined || options.resumeThreadId !== undefined)
      return this.exec.attempt(options, context);
    const reserved = this.reserved;
    this.reserved = undefined;
    let connection: AppServerConnection;
    try {
      connection = await this.pool.connection(options, context);
    } catch (error) {
      throw new CodexError(
        `Could not start \`codex app-server\` (${context.binary.path}): ${(error as Error).message}. Check the binary, or run without --batch.`,
        { kind: 'spawn', cause: error, stderrTail: (error as { end?: { stderr?: string } }).end?.stderr?.slice(-2000) },
      );
    }
    const fits =
      reserved !== undefined &&
      reserved.params === JSON.stringify(threadStartParams(options)) &&
      (await reserved.connection.catch(() => undefined)) === connection;
    return runAppServerTurn(connection, options, context, fits ? reserved.thread : undefined);
  }

  async close(): Promise<void> {
    // The pool belongs to the batch, which closes it when every call is done.
  }
}
