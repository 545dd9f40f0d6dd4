import { spawn, type ChildProcess } from 'node:child_process';
import type { Socket } from 'node:net';
import path from 'node:path';
import { LineSplitter } from './line-splitter';

/** Plain CommonJS, copied next to the compiled runner (see project.json assets). */
export const WATCHDOG_SCRIPT = path.join(__dirname, 'watchdog.cjs');

export interface SpawnError {
  code?: string;
  message: string;
}

interface WatchdogMessage {
  started?: number;
  spawnError?: SpawnError;
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
 * while the command runs: when it closes, the group is stopped). runProcess is built on it; a runner
 * that keeps talking to a process (a long-lived server over stdio) would be too.
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

export interface Lifeline {
  /** What the watchdog reported when it could not start the command. */
  spawnError(): SpawnError | undefined;
  /** Closing it tells the watchdog to stop the group: only once the command is done. */
  close(): void;
}

/** Reads the watchdog's messages on fd 3 (it reports there when the command cannot be started). */
export function watchLifeline(child: ChildProcess): Lifeline {
  const lifeline = child.stdio[3] as Socket | null;
  let spawnError: SpawnError | undefined;
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
  return {
    spawnError: () => spawnError,
    close() {
      messages.end();
      lifeline?.destroy();
    },
  };
}
