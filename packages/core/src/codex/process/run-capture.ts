import { spawnSync } from 'node:child_process';

export interface CaptureResult {
  stdout: string;
  stderr: string;
  exitCode?: number;
  timedOut: boolean;
  spawnError?: { code?: string; message: string };
}

/**
 * Runs a short command (`codex --version`, ~20 ms) to completion and returns its output.
 * Synchronous, so that finding the binary stays a plain function call for its callers.
 */
export function captureOutputSync(
  file: string,
  args: readonly string[],
  options: { env?: Record<string, string | undefined>; timeoutMs?: number } = {},
): CaptureResult {
  const result = spawnSync(file, [...args], {
    env: options.env as NodeJS.ProcessEnv | undefined,
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: options.timeoutMs ?? 15_000,
    killSignal: 'SIGKILL',
    encoding: 'utf8',
    windowsHide: true,
  });
  const error = result.error as NodeJS.ErrnoException | undefined;
  const timedOut = error?.code === 'ETIMEDOUT';
  return {
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    exitCode: result.status ?? undefined,
    timedOut,
    spawnError: error && !timedOut ? { code: error.code, message: error.message } : undefined,
  };
}
