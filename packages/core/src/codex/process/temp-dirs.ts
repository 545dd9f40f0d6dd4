import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Our temporary folders (`$TMPDIR/nx-codex-*`), removed on every way out: by their owner when it is
 * done, by an `exit` handler, by the interrupt handler before it re-raises a signal (no `exit`
 * event follows that), and by the watchdog when we are killed outright (give it the path in
 * `cleanupPaths`).
 */
const live = new Set<string>();
let exitHandlerInstalled = false;

export const TEMP_DIR_PREFIX = 'nx-codex-';

/** Creates `$TMPDIR/nx-codex-<what>-XXXXXX` and registers it for removal. */
export function makeTempDir(what = ''): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `${TEMP_DIR_PREFIX}${what ? `${what}-` : ''}`));
  live.add(dir);
  if (!exitHandlerInstalled) {
    exitHandlerInstalled = true;
    process.on('exit', removeTempDirsSync);
  }
  return dir;
}

/** Removes one of our temporary folders (and forgets it). */
export function removeTempDir(dir: string): void {
  live.delete(dir);
  rmSync(dir, { recursive: true, force: true });
}

/** Removes every temporary folder still registered. Synchronous: it runs in `exit` handlers. */
export function removeTempDirsSync(): void {
  for (const dir of [...live]) {
    try {
      removeTempDir(dir);
    } catch {
      // Best effort on the way out; a busy folder must not hide the real exit status.
    }
  }
}
