import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The one way nx-codex replaces a file: the content goes to a new temporary file in the same
 * folder (created exclusively, so two writers never share one), which is then renamed over the
 * target. A reader sees the old file or the new one, never half of either.
 */

/** Writes `content` next to `file` under a fresh temporary name and returns that name. */
export function writeTemporary(file: string, content: string | Uint8Array, what = file): string {
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`,
  );
  try {
    writeFileSync(temporary, content, { flag: 'wx' });
  } catch (error) {
    rmSync(temporary, { force: true });
    throw cannotWrite(what, error);
  }
  return temporary;
}

/** Renames a temporary file written by writeTemporary over its target. */
export function renameOver(temporary: string, file: string, what = file): void {
  try {
    renameSync(temporary, file);
  } catch (error) {
    throw cannotWrite(what, error);
  }
}

/** Writes one file atomically; `mkdir` creates its folder first. `what` names it in errors ("the report x"). */
export function writeFileAtomic(
  file: string,
  content: string | Uint8Array,
  options: { mkdir?: boolean; what?: string } = {},
): void {
  if (options.mkdir) mkdirSync(path.dirname(file), { recursive: true });
  const temporary = writeTemporary(file, content, options.what);
  try {
    renameOver(temporary, file, options.what);
  } finally {
    rmSync(temporary, { force: true });
  }
}

function cannotWrite(what: string, error: unknown): Error {
  return new Error(
    `Cannot write ${what}: ${(error as Error).message}. Check that the folder is writable and the disk is not full.`,
  );
}
