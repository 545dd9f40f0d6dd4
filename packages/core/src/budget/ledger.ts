import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../files/write-file-atomic';

export interface LedgerState {
  runId: string;
  /** Tokens (input + output) of finished calls, and dollars when a price is known. */
  spentTokens: number;
  spentCost: number;
  /** Calls under way: their estimate, counted until they finish. */
  reservations: Record<string, { task: string; tokens: number; cost: number }>;
  tasks: Record<string, { tokens: number; cost: number; calls: number; refused?: string }>;
}

const LOCK_WAIT_MS = 30_000;
const STALE_LOCK_MS = 60_000;
const KEEP_LEDGERS_MS = 7 * 24 * 3600 * 1000;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * The spending of one Nx run, shared by all its tasks: a JSON file under `<store>/runs/`, changed only
 * under a lock file (created with O_EXCL), so tasks in parallel processes never both take the last
 * of the budget. A lock left by a dead process is broken after a minute.
 */
export class RunLedger {
  readonly file: string;

  constructor(
    storeDir: string,
    readonly runId: string,
  ) {
    this.file = join(storeDir, 'runs', `${runId}.json`);
  }

  /** Reads, changes and writes the ledger under the lock; returns what `change` returns. */
  update<T>(change: (state: LedgerState) => T): T {
    mkdirSync(dirname(this.file), { recursive: true });
    const lock = `${this.file}.lock`;
    const started = Date.now();
    for (;;) {
      try {
        closeSync(openSync(lock, 'wx'));
        break;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        if (lockAge(lock) > STALE_LOCK_MS) rmSync(lock, { force: true });
        else if (Date.now() - started > LOCK_WAIT_MS)
          throw new Error(
            `The run budget ledger ${this.file} stayed locked for ${LOCK_WAIT_MS / 1000} s; remove ${lock} if no review is running.`,
          );
        else sleep(20);
      }
    }
    try {
      const state = this.read();
      const result = change(state);
      writeFileAtomic(this.file, JSON.stringify(state, null, 2));
      return result;
    } finally {
      rmSync(lock, { force: true });
    }
  }

  read(): LedgerState {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as LedgerState;
    } catch {
      pruneOldLedgers(dirname(this.file));
      return { runId: this.runId, spentTokens: 0, spentCost: 0, reservations: {}, tasks: {} };
    }
  }
}

function lockAge(lock: string): number {
  try {
    return Date.now() - statSync(lock).mtimeMs;
  } catch {
    return 0;
  }
}

/** Ledgers of runs older than a week go when a new run starts. */
function pruneOldLedgers(dir: string): void {
  try {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (Date.now() - statSync(file).mtimeMs > KEEP_LEDGERS_MS) rmSync(file, { force: true });
    }
  } catch {
    // nothing to prune
  }
}
