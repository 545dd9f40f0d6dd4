import { DEFAULT_KILL_GRACE_MS, reapGroup, terminateGroup, trackGroup } from './process-groups';

export type StopReason = 'timeout' | 'aborted' | 'interrupted';

export interface RunLinesOptions {
  file: string;
  args: readonly string[];
  cwd?: string;
  /** The complete environment of the process (not merged with ours). */
  env: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. Without it stdin is ignored (codex waits for EOF on a pipe). */
  input?: string;
  timeoutMs: number;
  signal?: AbortSignal;
  killGraceMs?: number;
  /** Each stdout line, as it arrives. */
  onLine(line: string): void;
}

export interface RunLinesResult {
  exitCode?: number;
  /** The signal that ended the process, if one did. */
  signal?: string;
  /** Why we stopped it, if we did. */
  stopped?: StopReason;
  /** The process could not be started (ENOENT, EACCES, ...). */
  spawnError?: { code?: string; message: string };
  stderr: string;
  durationMs: number;
}

const STDERR_KEEP_CHARS = 64 * 1024;

/**
 * Runs a process in its own process group, hands every stdout line to `onLine` and reads to EOF.
 * Timeout, abort and our own interruption stop the whole group.
 */
export async function runLines(options: RunLinesOptions): Promise<RunLinesResult> {
  const { execa } = await import('execa');
  const started = Date.now();
  const subprocess = execa(options.file, [...options.args], {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
    detached: true,
    cleanup: false,
    buffer: false,
    reject: false,
    stripFinalNewline: false,
    windowsHide: true,
  });

  let stderr = '';
  subprocess.stderr?.on('data', (chunk: Buffer | string) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_KEEP_CHARS);
  });

  const pid = subprocess.pid;
  let stopped: StopReason | undefined;
  let stopping: Promise<void> | undefined;
  const settled = subprocess.then(
    () => undefined,
    () => undefined,
  );
  const stop = (reason: StopReason): void => {
    if (stopped || pid === undefined) return;
    stopped = reason;
    stopping = terminateGroup(pid, settled, options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
  };

  const untrack = pid === undefined ? () => undefined : trackGroup({ pid, exited: settled, onInterrupt: () => stop('interrupted') });
  const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
  const onAbort = (): void => stop('aborted');
  if (options.signal?.aborted) onAbort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  let lineError: unknown;
  try {
    if (pid !== undefined && subprocess.stdout) {
      for await (const line of subprocess.iterable({ from: 'stdout' })) {
        try {
          options.onLine(String(line));
        } catch (error) {
          // A failing consumer stops the process; we still read to EOF so it can exit.
          lineError ??= error;
          stop('aborted');
        }
      }
    }
    const result = await subprocess;
    await stopping;
    if (lineError !== undefined) throw lineError;
    if (pid !== undefined && !stopped) reapGroup(pid, options.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    const failure = result as { code?: string; failed?: boolean; exitCode?: number; originalMessage?: string };
    const spawnError =
      pid === undefined || (failure.failed && failure.exitCode === undefined && !result.signal && !stopped)
        ? { code: failure.code, message: failure.originalMessage ?? result.message ?? 'could not start the process' }
        : undefined;
    return {
      exitCode: result.exitCode,
      signal: result.signal,
      stopped,
      spawnError,
      stderr: stderr || (typeof result.stderr === 'string' ? result.stderr : ''),
      durationMs: Date.now() - started,
    };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
    untrack();
  }
}
