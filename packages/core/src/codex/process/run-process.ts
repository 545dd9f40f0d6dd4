import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Socket } from 'node:net';
import { DEFAULT_KILL_GRACE_MS, reapGroup, terminateGroup, trackGroup, type StopReason } from './process-groups';
import { LineSplitter } from './line-splitter';

export type { StopReason } from './process-groups';

export interface RunProcessOptions {
  file: string;
  args: readonly string[];
  /** Run `file` (with `args`) through the system shell, as a test command from a project's settings. */
  shell?: boolean;
  cwd?: string;
  /** The complete environment of the process (not merged with ours). */
  env: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. Without it stdin is ignored (codex waits for EOF on a pipe). */
  input?: string;
  /** Stop the process after this long; no limit without it. */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Between SIGTERM and SIGKILL when we stop the process group. */
  killGraceMs?: number;
  /** Each stdout line (without its line break), as it arrives. */
  onLine?(line: string): void;
  /** Each chunk of stdout or stderr text, as it arrives. */
  onOutput?(chunk: string, stream: 'stdout' | 'stderr'): void;
  /** How much of the interleaved output and of stderr to keep (the tail); 64 KB by default. */
  keepChars?: number;
  /** Files or folders the watchdog removes if we die while the process runs (we remove them otherwise). */
  cleanupPaths?: readonly string[];
}

export interface RunProcessResult {
  exitCode?: number;
  /** The signal that ended the process, if one did. */
  signal?: string;
  /** Why we stopped it, if we did. */
  stopped?: StopReason;
  /** The process could not be started (ENOENT, EACCES, ...). */
  spawnError?: { code?: string; message: string };
  /** The tail of stderr. */
  stderr: string;
  /** The tail of stdout and stderr, interleaved as they came. */
  output: string;
  durationMs: number;
}

const DEFAULT_KEEP_CHARS = 64 * 1024;
/** Plain CommonJS, copied next to the compiled runner (see project.json assets). */
export const WATCHDOG_SCRIPT = path.join(__dirname, 'watchdog.cjs');

interface WatchdogMessage {
  started?: number;
  spawnError?: { code?: string; message: string };
}

export interface WatchdogSpawnOptions {
  file: string;
  args: readonly string[];
  shell?: boolean;
  cwd?: string;
  env: Record<string, string | undefined>;
  stdin: 'ignore' | 'pipe';
  graceMs: number;
  cleanupPaths?: readonly string[];
}

/**
 * Starts `file` as the only child of the watchdog, which leads a new process group; stdin, stdout
 * and stderr reach the command itself, fd 3 is the watchdog's lifeline (keep `child.stdio[3]` open
 * while the command runs: when it closes, the group is stopped). For runners that talk to the
 * process themselves (the legacy MCP stdio transport); everything else uses runProcess.
 */
export function spawnUnderWatchdog(options: WatchdogSpawnOptions): ChildProcess {
  const config = { graceMs: options.graceMs, cleanup: options.cleanupPaths ?? [], shell: options.shell === true };
  return spawn(process.execPath, [WATCHDOG_SCRIPT, JSON.stringify(config), options.file, ...options.args], {
    cwd: options.cwd,
    env: options.env as NodeJS.ProcessEnv,
    stdio: [options.stdin, 'pipe', 'pipe', 'pipe'],
    detached: true,
    windowsHide: true,
  });
}

/**
 * Runs a process as the only child of a watchdog (watchdog.cjs) that leads a process group of its
 * own. Timeout, abort, Ctrl-C/SIGTERM/SIGHUP of our process, and our parent going away stop the whole
 * group (TERM, then KILL after the grace period); if we die without a chance to do that (SIGKILL),
 * the watchdog sees its lifeline close and does it. Stdout is read to EOF: closing it early would
 * abort codex's turn.
 */
export function runProcess(options: RunProcessOptions): Promise<RunProcessResult> {
  const started = Date.now();
  const keep = options.keepChars ?? DEFAULT_KEEP_CHARS;
  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  return new Promise((resolve, reject) => {
    const child = spawnUnderWatchdog({
      ...options,
      stdin: options.input === undefined ? 'ignore' : 'pipe',
      graceMs: grace,
    });
    let stderr = '';
    let output = '';
    let stopped: StopReason | undefined;
    let stopping: Promise<void> | undefined;
    let spawnError: RunProcessResult['spawnError'];
    let lineError: unknown;
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const lines = new LineSplitter((line) => {
      try {
        options.onLine?.(line);
      } catch (error) {
        // A failing consumer stops the process; we still read to EOF so it can exit.
        lineError ??= error;
        stop('aborted');
      }
    });

    const stop = (reason: StopReason): void => {
      if (stopped || child.pid === undefined) return;
      stopped = reason;
      stopping = terminateGroup(child.pid, exited, grace);
    };
    const untrack =
      child.pid === undefined
        ? () => undefined
        : trackGroup({ pid: child.pid, exited, onInterrupt: (reason) => stop(reason) });
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = (): void => stop('aborted');
    if (options.signal?.aborted) onAbort();
    else options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      output = (output + text).slice(-keep);
      options.onOutput?.(text, 'stdout');
      lines.push(text);
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr = (stderr + text).slice(-keep);
      output = (output + text).slice(-keep);
      options.onOutput?.(text, 'stderr');
    });
    const lifeline = child.stdio[3] as Socket | null;
    const messages = new LineSplitter((line) => {
      try {
        const message = JSON.parse(line) as WatchdogMessage;
        if (message.spawnError) spawnError = message.spawnError;
      } catch {
        // Only the watchdog writes here; a torn line at its death says nothing we need.
      }
    });
    lifeline?.setEncoding('utf8').on('data', (text: string) => messages.push(text));
    lifeline?.on('error', () => undefined);
    if (options.input !== undefined) {
      child.stdin?.on('error', () => undefined); // the process may exit without reading it all
      child.stdin?.end(options.input);
    }

    let finished = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      if (finished) return;
      finished = true;
      lines.end();
      messages.end();
      lifeline?.destroy();
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      untrack();
      void Promise.resolve(stopping).then(() => {
        // Our parent is gone and process-groups exits this process: a result now would only let
        // the caller write reports nobody asked for any more.
        if (stopped === 'orphaned') return;
        if (lineError !== undefined) return reject(lineError);
        resolve({
          exitCode: spawnError ? undefined : (exitCode ?? undefined),
          signal: spawnError ? undefined : (signal ?? undefined),
          stopped,
          spawnError,
          stderr,
          output,
          durationMs: Date.now() - started,
        });
      });
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      spawnError ??= { code: error.code, message: error.message };
      // Node itself could not be started: no exit or close event follows.
      if (child.pid === undefined) finish(null, null);
    });
    child.once('exit', () => {
      // Whatever the command started and left behind in the group goes too.
      if (child.pid !== undefined && !stopped) reapGroup(child.pid, grace);
    });
    child.once('close', finish);
  });
}
