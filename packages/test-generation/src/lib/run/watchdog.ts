import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export interface Watchdog {
  /** The run ended on its own: the watchdog leaves without touching anything. */
  stop(): void;
}

/**
 * Starts the watchdog of a run (watchdog-process.ts): if this process dies without calling
 * stop() (SIGKILL), the watchdog kills what still works in the checkout and removes it, then
 * `git worktree prune`. Core's runner already stops codex and the test command when we die; this
 * one owns the checkout, which lives across those processes (and between them, when nothing runs).
 * The pipe is the signal: the kernel closes it however we die, so no polling is involved.
 */
export function startWatchdog(checkoutFolder: string, gitRoot: string): Watchdog {
  const script = path.join(__dirname, 'watchdog-process.js');
  // Unit tests run from the TypeScript sources, where there is no compiled script: no watchdog.
  if (process.platform !== 'linux' || !existsSync(script)) return { stop: () => undefined };
  const child = spawn(process.execPath, [script, checkoutFolder, gitRoot], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  child.on('error', () => undefined);
  child.stdin?.on('error', () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  let stopped = false;
  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      child.stdin?.end('done\n');
    },
  };
}
