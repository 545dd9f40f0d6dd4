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
  /** Folders core's watchdog removes if this process dies while the command runs. */
  cleanupPaths?: string[];
}

/**
 * Runs a shell command (the project's test command) through core's process runner: its own
 * process group, stopped as a whole on timeout or Ctrl-C, and under core's watchdog, so that
 * nothing it started outlives this process, even after a SIGKILL.
 */
export async function runShell(options: ShellRunOptions): Promise<ShellRun> {
  const { runProcess } = await import('@nx-codex/core');
  const result = await runProcess({
    file: options.command,
    args: [],
    shell: true,
    cwd: options.cwd,
    env: options.env,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    keepChars: options.keepChars,
    onOutput: options.onOutput ? (chunk) => options.onOutput?.(chunk) : undefined,
    cleanupPaths: options.cleanupPaths,
  });
  if (result.spawnError)
    throw new Error(
      `Could not start the test command \`${options.command}\` in ${options.cwd}: ${result.spawnError.message}`,
    );
  return {
    exitCode: result.exitCode ?? null,
    signal: (result.signal as NodeJS.Signals | undefined) ?? null,
    // Our own Ctrl-C ('interrupted') and an orphaned run stop the tests as an abort does.
    stopped: result.stopped === undefined ? undefined : result.stopped === 'timeout' ? 'timeout' : 'aborted',
    output: result.output,
    durationMs: result.durationMs,
  };
}
