import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { isTestFile, snapshotOwner, type FileFailure } from './judge-run';
import type { CoverageGain } from './coverage';
import type { TestCounts } from './jest-results';
import type { GeneratedFileReport } from '../run/report';
import type { Change } from '../workspace/workspace-snapshot';

export interface TrackedFile {
  /** Repository-relative. */
  path: string;
  change: 'added' | 'modified';
  rounds: number[];
  hash: string;
  failedOnce: boolean;
  lastFailure?: FileFailure;
  tests?: TestCounts;
  /** What it covers that the existing tests do not (measured on it alone). */
  gain?: CoverageGain;
  /** mutation: true: mutants it kills that no existing test kills. */
  killedMutants?: number;
  discarded?: { reason: NonNullable<GeneratedFileReport['reason']>; message?: string; savedAs?: string };
}

/** The files Codex wrote that are still in play, and what happened to each. */
export class GeneratedFiles {
  private readonly files = new Map<string, TrackedFile>();

  constructor(private readonly gitRoot: string) {}

  /** Takes in the allowed changes after a round; returns the files this round changed. */
  update(allowed: Change[], round: number): string[] {
    const changed: string[] = [];
    const present = new Set<string>();
    for (const change of allowed) {
      if (change.kind === 'deleted') continue;
      present.add(change.path);
      const hash = hashFile(path.join(this.gitRoot, change.path));
      const known = this.files.get(change.path);
      if (!known) {
        this.files.set(change.path, {
          path: change.path,
          change: change.kind,
          rounds: [round],
          hash,
          failedOnce: false,
        });
        changed.push(change.path);
      } else if (known.hash !== hash) {
        known.hash = hash;
        known.rounds.push(round);
        changed.push(change.path);
      }
    }
    // Codex undid its own change: nothing left to judge.
    for (const file of [...this.files.keys()])
      if (!present.has(file) && !this.files.get(file)?.discarded) this.files.delete(file);
    return changed;
  }

  /** A file the test runs wrote for a kept test (a new Jest snapshot): kept with it. */
  adopt(change: Change, round: number): void {
    if (this.files.has(change.path) || change.kind === 'deleted') return;
    this.files.set(change.path, {
      path: change.path,
      change: change.kind,
      rounds: [round],
      hash: hashFile(path.join(this.gitRoot, change.path)),
      failedOnce: false,
    });
  }

  get(file: string): TrackedFile | undefined {
    return this.files.get(file);
  }

  /** Test files still in play (not discarded). */
  activeTests(): string[] {
    return this.active()
      .filter((f) => isTestFile(f.path))
      .map((f) => f.path);
  }

  active(): TrackedFile[] {
    return [...this.files.values()].filter((f) => !f.discarded).sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  all(): TrackedFile[] {
    return [...this.files.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  }

  discard(file: string, reason: NonNullable<GeneratedFileReport['reason']>, message?: string, savedAs?: string): void {
    const tracked = this.files.get(file);
    if (tracked && !tracked.discarded) tracked.discarded = { reason, message, savedAs };
  }

  /**
   * Files that are not tests follow the tests: a Jest snapshot goes with its test file, anything
   * else (a fixture, a helper) stays only if some test stays. Returns the files to discard.
   */
  findOrphans(): string[] {
    const keptTests = new Set(this.activeTests());
    return this.active()
      .filter((file) => !isTestFile(file.path))
      .filter((file) => {
        const owner = snapshotOwner(file.path);
        return owner !== undefined ? !keptTests.has(owner) && !this.isUntouchedOwner(owner) : keptTests.size === 0;
      })
      .map((file) => file.path);
  }

  /** A snapshot Codex updated for a test it did not write (an existing test): judged with the run, kept. */
  private isUntouchedOwner(owner: string): boolean {
    return !this.files.has(owner);
  }

  toReport(display: (file: string) => string, trim: (text: string) => string): GeneratedFileReport[] {
    return this.all().map((file) => ({
      path: display(file.path),
      change: file.change,
      status: file.discarded ? 'discarded' : 'kept',
      repaired: !file.discarded && file.failedOnce,
      rounds: file.rounds,
      ...(file.tests && !file.discarded ? { tests: file.tests.passed } : {}),
      ...(file.gain ? { coverageGain: file.gain } : {}),
      ...(file.killedMutants !== undefined ? { killedMutants: file.killedMutants } : {}),
      ...(file.discarded ? { reason: file.discarded.reason } : {}),
      ...(file.discarded && (file.discarded.message ?? file.lastFailure?.message)
        ? { message: trim(file.discarded.message ?? file.lastFailure?.message ?? '') }
        : {}),
      ...(file.discarded?.savedAs ? { savedAs: file.discarded.savedAs } : {}),
    }));
  }
}

function hashFile(file: string): string {
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return 'missing';
  }
}
