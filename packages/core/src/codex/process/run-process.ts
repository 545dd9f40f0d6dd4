import type { ChildProcess } from 'node:child_process';
import { DEFAULT_KILL_GRACE_MS, reapGroup, terminateGroup, trackGroup, type StopReason } from './process-groups';
import { LineSplitter } from './line-splitter';
import { spawnUnderWatchdog, watchLifeline, type SpawnError } from './watchdog-spawn';

export type { StopReason } from './process-groups';
export { spawnUnderWatchdog, WATCHDOG_SCRIPT } from './watchdog-spawn';

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
  spawnError?: SpawnError;
  /** The tail of stderr. */
  stderr: string;
  /** The tail of stdout and stderr, interleaved as they came. */
  output: string;
  durationMs: number;
}

const DEFAULT_KEEP_CHARS = 64 * 1024;

/** Stops the group once, for the first reason: timeout, the caller's abort, our own interruption. */
class GroupStopper {
  reason?: StopReason;
  stopping?: Promise<void>;
  private readonly timer?: NodeJS.Timeout;
  private readonly untrack: () => void;
  private readonly onAbort = (): void => this.stop('aborted');

  constructor(
    private readonly child: ChildProcess,
    private readonly exited: Promise<void>,
    private readonly options: RunProcessOptions,
    private readonly graceMs: number,
  ) {
    this.untrack =
      child.pid === undefined
        ? () => undefined
        : trackGroup({ pid: child.pid, exited, onInterrupt: (reason) => this.stop(reason) });
    if (options.timeoutMs !== undefined) this.timer = setTimeout(() => this.stop('timeout'), options.timeoutMs);
    if (options.signal?.aborted) this.onAbort();
    else options.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  stop(reason: StopReason): void {
    if (this.reason || this.child.pid === undefined) return;
    this.reason = reason;
    this.stopping = terminateGroup(this.child.pid, this.exited, this.graceMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.untrack();
  }
}

/** Keeps the tails of the output and hands stdout on line by line; a consumer that throws stops the run. */
function collectOutput(
  child: ChildProcess,
  options: RunProcessOptions,
  onConsumerError: (error: unknown) => void,
): { stderr: string; output: string; end(): void } {
  const keep = options.keepChars ?? DEFAULT_KEEP_CHARS;
  const lines = new LineSplitter((line) => {
    try {
      options.onLine?.(line);
    } catch (error) {
      // A failing consumer stops the process; we still read to EOF so it can exit.
      onConsumerError(error);
    }
  });
  const tails = { stderr: '', output: '', end: () => lines.end() };
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    tails.output = (tails.output + text).slice(-keep);
    options.onOutput?.(text, 'stdout');
    lines.push(text);
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    tails.stderr = (tails.stderr + text).slice(-keep);
    tails.output = (tails.output + text).slice(-keep);
    options.onOutput?.(text, 'stderr');
  });
  return tails;
}

function writeInput(child: ChildProcess, input: string | undefined): void {
  if (input === undefined) return;
  child.stdin?.on('error', () => undefined); // the process may exit without reading it all
  child.stdin?.end(input);
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
  const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  return new Promise((resolve, reject) => {
    const child = spawnUnderWatchdog({
      ...options,
      stdin: options.input === undefined ? 'ignore' : 'pipe',
      graceMs: grace,
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const stopper = new GroupStopper(child, exited, options, grace);
    let consumerError: { error: unknown } | undefined;
    const output = collectOutput(child, options, (error) => {
      consumerError ??= { error };
      stopper.stop('aborted');
    });
    const lifeline = watchLifeline(child);
    let nodeSpawnError: SpawnError | undefined;
    writeInput(child, options.input);

    let finished = false;
    const finish = (exitCode: number | null, signal: NodeJS.Signals | null): void => {
      if (finished) return;
      finished = true;
      output.end();
      lifeline.close();
      stopper.dispose();
      void Promise.resolve(stopper.stopping).then(() => {
        // Our parent is gone and process-groups exits this process: a result now would only let
        // the caller write reports nobody asked for any more.
        if (stopper.reason === 'orphaned') return;
        if (consumerError) return reject(consumerError.error);
        const spawnError = lifeline.spawnError() ?? nodeSpawnError;
        resolve({
          exitCode: spawnError ? undefined : (exitCode ?? undefined),
          signal: spawnError ? undefined : (signal ?? undefined),
          stopped: stopper.reason,
          spawnError,
          stderr: output.stderr,
          output: output.output,
          durationMs: Date.now() - started,
        });
      });
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      nodeSpawnError ??= { code: error.code, message: error.message };
      // Node itself could not be started: no exit or close event follows.
      if (child.pid === undefined) finish(null, null);
    });
    child.once('exit', () => {
      // Whatever the command started and left behind in the group goes too.
      if (child.pid !== undefined && !stopper.reason) reapGroup(child.pid, grace);
    });
    child.once('close', finish);
  });
}
