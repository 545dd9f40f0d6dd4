import type { ChildProcess } from 'node:child_process';
import { ReadBuffer, serializeMessage } from '@modelcontextprotocol/sdk/shared/stdio.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_KILL_GRACE_MS, reapGroup, terminateGroup, trackGroup } from './process-groups';
import { spawnUnderWatchdog } from './run-process';

export interface McpServerProcess {
  command: string;
  args?: readonly string[];
  /** The complete environment of the server process. */
  env: Record<string, string | undefined>;
  cwd?: string;
  killGraceMs?: number;
}

const STDERR_KEEP_CHARS = 64 * 1024;
const STDIN_CLOSE_WAIT_MS = 1500;

/**
 * The MCP SDK's stdio client transport, but the server leads its own process group, so that
 * closing, a timeout or our own interruption stop the server and everything it started.
 */
export class DetachedStdioTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  /** Sees every message before it is written (to learn the JSON-RPC id of a request). */
  onoutgoing?: (message: JSONRPCMessage) => void;
  /** Set when our own process was interrupted and the server was stopped for that. */
  interrupted = false;

  private child?: ChildProcess;
  private exited: Promise<void> = Promise.resolve();
  private untrack: () => void = () => undefined;
  private readonly readBuffer = new ReadBuffer();
  private stderrText = '';
  private closing?: Promise<void>;

  constructor(private readonly server: McpServerProcess) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** True once the server process has exited (or was never started). */
  get hasExited(): boolean {
    return !this.child || this.child.exitCode !== null || this.child.signalCode !== null;
  }

  start(): Promise<void> {
    if (this.child) throw new Error('DetachedStdioTransport already started');
    return new Promise((resolve, reject) => {
      // Under the watchdog: if we die without closing the server (SIGKILL), it stops the group.
      const child = spawnUnderWatchdog({
        file: this.server.command,
        args: this.server.args ?? [],
        env: this.server.env,
        cwd: this.server.cwd,
        stdin: 'pipe',
        graceMs: this.server.killGraceMs ?? DEFAULT_KILL_GRACE_MS,
      });
      child.stdio[3]?.on('error', () => undefined);
      this.child = child;
      this.exited = new Promise((done) => child.once('close', () => done()));
      child.once('error', (error) => {
        reject(error);
        this.onerror?.(error);
      });
      child.once('spawn', () => {
        const pid = child.pid as number;
        this.untrack = trackGroup({
          pid,
          exited: this.exited,
          onInterrupt: () => {
            this.interrupted = true;
            void this.close();
          },
        });
        resolve();
      });
      child.once('close', () => {
        this.untrack();
        this.onclose?.();
      });
      child.stdin?.on('error', (error) => this.onerror?.(error));
      child.stdout?.on('data', (chunk: Buffer) => {
        try {
          this.readBuffer.append(chunk);
        } catch (error) {
          this.onerror?.(error as Error);
          void this.close();
          return;
        }
        this.drainReadBuffer();
      });
      child.stderr?.on('data', (chunk: Buffer) => {
        this.stderrText = (this.stderrText + chunk.toString()).slice(-STDERR_KEEP_CHARS);
      });
    });
  }

  send(message: JSONRPCMessage): Promise<void> {
    return new Promise((resolve, reject) => {
      const stdin = this.child?.stdin;
      if (!stdin || stdin.destroyed) return reject(new Error('the MCP server is not running'));
      this.onoutgoing?.(message);
      if (stdin.write(serializeMessage(message))) resolve();
      else stdin.once('drain', resolve);
    });
  }

  /** Closes stdin (the server exits on EOF); stops the group if it does not exit soon. */
  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  private async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const pid = child.pid;
    const grace = this.server.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
    child.stdin?.end();
    const exitedInTime = await Promise.race([
      this.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), STDIN_CLOSE_WAIT_MS).unref()),
    ]);
    if (exitedInTime) reapGroup(pid, grace);
    else await terminateGroup(pid, this.exited, grace);
    this.readBuffer.clear();
  }

  private drainReadBuffer(): void {
    for (;;) {
      let message: JSONRPCMessage | null;
      try {
        message = this.readBuffer.readMessage();
      } catch (error) {
        this.onerror?.(error as Error);
        continue;
      }
      if (message === null) return;
      this.onmessage?.(message);
    }
  }
}
