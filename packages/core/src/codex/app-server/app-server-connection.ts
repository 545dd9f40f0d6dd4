/**
 * One `codex app-server` process: newline-delimited JSON-RPC over stdio (no "jsonrpc" field),
 * measured with codex 0.169.0. It runs under core's watchdog in a process group of its own, like
 * every codex we start: closing the connection, Ctrl-C of our process, or our death stop the group.
 */
import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import { DEFAULT_KILL_GRACE_MS, reapGroup, terminateGroup, trackGroup } from '../process/process-groups';
import { LineSplitter } from '../process/line-splitter';
import { spawnUnderWatchdog } from '../process/run-process';

export interface AppServerCommand {
  file: string;
  args: readonly string[];
  /** The complete environment of the server (scrubbed by the caller). */
  env: Record<string, string | undefined>;
  killGraceMs?: number;
  /** How long the server may take to answer `initialize` (INITIALIZE_TIMEOUT_MS by default). */
  initializeTimeoutMs?: number;
}

/** A notification of the server: `item/completed`, `turn/completed`, `error`… */
export interface AppServerNotification {
  method: string;
  params: Record<string, unknown>;
}

/** Why a connection ended: closed by us, our interruption, or the server's own exit. */
export type ConnectionEnd = { reason: 'closed' | 'interrupted' | 'orphaned' | 'exited'; stderr: string };

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

const STDERR_KEEP_CHARS = 16 * 1024;
const STDIN_CLOSE_WAIT_MS = 1500;
/**
 * `initialize` needs no model (codex answers it in well under a second); a server that has not
 * answered in this long is stuck, and every call of the batch waiting on it would wait forever
 * (the calls' own timeouts start after it).
 */
export const INITIALIZE_TIMEOUT_MS = 60_000;

export class AppServerConnection {
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, (note: AppServerNotification) => void>();
  private readonly endListeners = new Set<(end: ConnectionEnd) => void>();
  private nextId = 1;
  /** `thread/start` and `turn/start` requests not answered yet, by id: when sent, and their settling. */
  private readonly startsOut = new Map<number, { sentAt: number; settled: Promise<void> }>();
  private stderrText = '';
  private endState?: ConnectionEnd;
  private closing?: Promise<void>;
  private readonly exited: Promise<void>;
  private readonly untrack: () => void;

  private constructor(
    private readonly child: ChildProcess,
    private readonly graceMs: number,
  ) {
    this.exited = new Promise((done) => child.once('close', () => done()));
    const pid = child.pid as number;
    this.untrack = trackGroup({ pid, exited: this.exited, onInterrupt: (reason) => void this.stop(reason) });
    const lines = new LineSplitter((line) => this.receive(line));
    child.stdout?.setEncoding('utf8').on('data', (text: string) => lines.push(text));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderrText = (this.stderrText + text).slice(-STDERR_KEEP_CHARS);
    });
    child.stdin?.on('error', () => undefined); // a dead server is reported by its exit
    (child.stdio[3] as Socket | null)?.on('error', () => undefined);
    child.once('close', () => {
      this.untrack();
      this.markEnded({ reason: 'exited', stderr: this.stderrText });
    });
  }

  /** Starts the server and completes the `initialize` handshake. */
  static async start(command: AppServerCommand, clientVersion: string): Promise<AppServerConnection> {
    const graceMs = command.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    const child = spawnUnderWatchdog({ ...command, stdin: 'pipe', graceMs });
    await new Promise<void>((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', reject);
    });
    const connection = new AppServerConnection(child, graceMs);
    const limitMs = command.initializeTimeoutMs ?? INITIALIZE_TIMEOUT_MS;
    let timer: NodeJS.Timeout | undefined;
    const stuck = new Promise<never>((_, reject) => {
      const error = new Error(`it did not answer \`initialize\` within ${limitMs / 1000} s`);
      timer = setTimeout(() => reject(error), limitMs);
    });
    try {
      await Promise.race([
        connection.request('initialize', {
          clientInfo: { name: 'nx-codex', title: null, version: clientVersion },
          capabilities: null,
        }),
        stuck,
      ]);
    } catch (error) {
      await connection.close(); // no server is left behind by a failed start
      throw error;
    } finally {
      clearTimeout(timer);
    }
    connection.write({ method: 'initialized' });
    return connection;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** Set once the server is gone (or going): no request can succeed any more. */
  get ended(): ConnectionEnd | undefined {
    return this.endState;
  }

  request<T = Record<string, unknown>>(method: string, params: unknown): Promise<T> {
    if (this.endState) return Promise.reject(endError(method, this.endState));
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      this.write({ id, method, params });
    });
    if (method === 'thread/start' || method === 'turn/start') {
      const settled = answer.then(
        () => undefined,
        () => undefined,
      );
      this.startsOut.set(id, { sentAt: Date.now(), settled });
      void settled.then(() => this.startsOut.delete(id));
    }
    return answer;
  }

  /**
   * Resolves when every `thread/start` and `turn/start` sent in the last `maxAgeMs` is answered:
   * Codex is past the costly part of starting those turns (building the requests; measured ~20 ms
   * of CPU each). Older ones do not count (a start whose call gave up, or a server that is slow
   * anyway), so this never waits longer than `maxAgeMs`.
   */
  startsAnswered(maxAgeMs: number): Promise<void> {
    const now = Date.now();
    const recent = [...this.startsOut.values()].filter((start) => now - start.sentAt < maxAgeMs);
    if (recent.length === 0) return Promise.resolve();
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((done) => (timer = setTimeout(done, maxAgeMs)));
    return Promise.race([Promise.all(recent.map((start) => start.settled)).then(() => undefined), bound]).finally(() =>
      clearTimeout(timer),
    );
  }

  /** `thread/start`: a new thread for these parameters (each thread serves one call). */
  startThread(params: Record<string, unknown>): Promise<{ id: string }> {
    return this.request<{ thread: { id: string } }>('thread/start', params).then((answer) => answer.thread);
  }

  /** Notifications about one thread go to its listener (one turn at a time per thread). */
  onThread(threadId: string, listener: (note: AppServerNotification) => void): () => void {
    this.listeners.set(threadId, listener);
    return () => this.listeners.delete(threadId);
  }

  onEnd(listener: (end: ConnectionEnd) => void): () => void {
    if (this.endState) listener(this.endState);
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  /** Closes stdin (the server exits on EOF); stops the group if it does not exit soon. */
  close(): Promise<void> {
    return this.stop('closed');
  }

  private stop(reason: ConnectionEnd['reason']): Promise<void> {
    this.closing ??= (async () => {
      this.markEnded({ reason, stderr: this.stderrText });
      const pid = this.child.pid as number;
      this.child.stdin?.end();
      const inTime = await Promise.race([
        this.exited.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STDIN_CLOSE_WAIT_MS).unref()),
      ]);
      if (inTime && reason === 'closed') reapGroup(pid, this.graceMs);
      else await terminateGroup(pid, this.exited, this.graceMs);
    })();
    return this.closing;
  }

  private markEnded(end: ConnectionEnd): void {
    if (this.endState) return;
    this.endState = end;
    for (const { reject } of this.pending.values()) reject(endError('a request', end));
    this.pending.clear();
    for (const listener of this.endListeners) listener(end);
  }

  private write(message: Record<string, unknown>): void {
    const stdin = this.child.stdin;
    if (stdin && !stdin.destroyed) stdin.write(`${JSON.stringify(message)}\n`);
  }

  private receive(line: string): void {
    let message: { id?: number; method?: string; params?: Record<string, unknown>; result?: unknown; error?: unknown };
    try {
      message = JSON.parse(line);
    } catch {
      return; // not protocol (a stray line): codex logs to stderr
    }
    if (message.method && message.id !== undefined) {
      // A request of the server (an approval): the review never grants one.
      this.write({ id: message.id, error: { code: -32601, message: 'nx-codex grants no requests' } });
    } else if (message.method) {
      const threadId = message.params?.threadId;
      if (typeof threadId === 'string')
        this.listeners.get(threadId)?.({ method: message.method, params: message.params ?? {} });
    } else if (message.id !== undefined) {
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiting?.reject(new Error(errorText(message.error)));
      else waiting?.resolve(message.result);
    }
  }
}

function errorText(error: unknown): string {
  const message = (error as { message?: unknown })?.message;
  return typeof message === 'string' ? message : JSON.stringify(error);
}

function endError(what: string, end: ConnectionEnd): Error {
  const error = new Error(
    `codex app-server ${end.reason === 'exited' ? 'exited' : 'was stopped'} before ${what} ended`,
  );
  (error as Error & { end?: ConnectionEnd }).end = end;
  return error;
}
