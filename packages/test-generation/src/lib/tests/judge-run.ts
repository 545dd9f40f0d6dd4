import * as path from 'node:path';
import type { TestCounts } from './jest-results';
import type { TestRun } from './test-run';

export type FailureReason = 'failed' | 'not-run' | 'run-failed' | 'breaks-existing';

export interface FileFailure {
  file: string;
  reason: FailureReason;
  /** What the runner said (trimmed later, for prompts and the report). */
  message: string;
}

export interface RunVerdict {
  passed: Array<{ file: string; tests?: TestCounts }>;
  failed: FileFailure[];
  /** Existing test files that passed before and fail now. */
  brokenExisting: FileFailure[];
}

const TEST_FILE = /\.(spec|test)\.[cm]?[jt]sx?$/;
const TESTS_FOLDER_FILE = /(^|\/)__tests__\/.*\.[cm]?[jt]sx?$/;

/** Jest's default testMatch: `*.spec.*`, `*.test.*`, and code files under `__tests__/`. */
export function isTestFile(file: string): boolean {
  return TEST_FILE.test(file) || TESTS_FOLDER_FILE.test(file);
}

/** A Jest snapshot belongs to its test file: `dir/__snapshots__/x.spec.ts.snap` -> `dir/x.spec.ts`. */
export function snapshotOwner(file: string): string | undefined {
  const match = /^(.*?)(?:^|\/)__snapshots__\/(.+)\.snap$/.exec(file);
  if (!match) return undefined;
  return match[1] ? path.posix.join(match[1], match[2]) : match[2];
}

/**
 * Which generated test files passed in `run`. With Jest's per-file report each file stands on its
 * own; otherwise the whole run decides for all of them.
 */
export function judgeRun(run: TestRun, generatedTests: string[], baseline: TestRun): RunVerdict {
  if (!run.jest) {
    if (run.success) return { passed: generatedTests.map((file) => ({ file })), failed: [], brokenExisting: [] };
    const message = `The test command failed (exit ${run.exitCode}):\n${run.outputTail}`;
    return {
      passed: [],
      failed: generatedTests.map((file) => ({ file, reason: 'run-failed', message })),
      brokenExisting: [],
    };
  }
  const generated = new Set(generatedTests);
  const passed: RunVerdict['passed'] = [];
  const failed: FileFailure[] = [];
  for (const file of generatedTests) {
    const outcome = run.jest.files.get(file);
    if (!outcome)
      failed.push({
        file,
        reason: 'not-run',
        message:
          "The test runner did not run this file: does its name match the project's test pattern (testMatch / testRegex / roots)?",
      });
    else if (outcome.passed) passed.push({ file, tests: outcome.tests });
    else failed.push({ file, reason: 'failed', message: outcome.message });
  }
  const brokenExisting: FileFailure[] = [];
  for (const outcome of run.jest.files.values()) {
    if (generated.has(outcome.file) || outcome.passed) continue;
    const before = baseline.jest?.files.get(outcome.file);
    if (!before || before.passed)
      brokenExisting.push({ file: outcome.file, reason: 'breaks-existing', message: outcome.message });
  }
  // Everything passed file by file, yet the command failed where it had not before (a coverage
  // threshold, a type-check step): the generated files are the only thing that changed.
  if (failed.length === 0 && brokenExisting.length === 0 && !run.success && baseline.success) {
    const message = `Every test passed, but the test command failed (exit ${run.exitCode}):\n${run.outputTail}`;
    return { passed: [], failed: passed.map(({ file }) => ({ file, reason: 'run-failed', message })), brokenExisting };
  }
  return { passed, failed, brokenExisting };
}
