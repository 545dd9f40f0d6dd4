import { spawn } from 'node:child_process';

export interface ShellRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Why we stopped it, if we did. */
  stopped?: 'timeout' | 'aborted';
  /** The last `keepChars` characters of stdout and stderr, interleaved as they came. */
  output: string;
  durationMs: number;
}

export interface ShellRunOptions {
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  keepChars?: number;
  /** Each chunk of output, as it comes (printTestOutput). */
  onOutput?: (chunk: string) => void;
  killGraceMs?: number;
}

/**
 * Runs a shell command (the project's test command) as the leader of its own process group, so
 * that a timeout or Ctrl-C stops it and everything it started (nx, jest workers), not only the shell.
 */
export function runShell(options: ShellRunOptions): Promise<ShellRun> {
  const started = Date.now();
  const keep = options.keepChars ?? 64 * 1024;
  const grace = options.killGraceMs ?? 3000;
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) return resolve({ exitCode: null, signal: null, stopped: 'aborted', output: '', durationMs: 0 });
    const child = spawn(options.command, { cwd: options.cwd, env: options.env, shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let stopped: ShellRun['stopped'];
    const collect = (chunk: Buffer): void => {
      const text = chunk.toString('utf8');
      output = (output + text).slice(-keep);
      options.onOutput?.(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);

    const killGroup = (signal: NodeJS.Signals): void => {
      try {
        if (child.pid) process.kill(-child.pid, signal);
      } catch {
        // the group is gone already
      }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const stop = (reason: NonNullable<ShellRun['stopped']>): void => {
      if (stopped) return;
      stopped = reason;
      killGroup('SIGTERM');
      killTimer = setTimeout(() => killGroup('SIGKILL'), grace);
    };
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    const onAbort = (): void => stop('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // Our own exit (a crash, process.exit) must not leave the tests running.
    const onExit = (): void => killGroup('SIGKILL');
    process.once('exit', onExit);

    const finish = (): void => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      process.removeListener('exit', onExit);
    };
    child.once('error', (error) => {
      finish();
      reject(new Error(`Could not start the test command \`${options.command}\` in ${options.cwd}: ${error.message}`));
    });
    child.once('close', (exitCode, signal) => {
      finish();
      // Jest workers or a watcher left behind in the group: stop them too.
      if (stopped) {
        killGroup('SIGKILL');
        clearTimeout(killTimer);
      } else killGroup('SIGTERM');
      resolve({ exitCode, signal, stopped, output, durationMs: Date.now() - started });
    });
  });
}
