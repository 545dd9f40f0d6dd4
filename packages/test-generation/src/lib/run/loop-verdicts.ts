/** The loop's bookkeeping: a run's verdict recorded per file, a failing file discarded (with a copy kept), paths for people. */
import * as path from 'node:path';
import { trimMiddle } from '@nx-codex/core';
import type { GeneratedFiles } from '../tests/generated-files';
import type { RunVerdict } from '../tests/judge-run';
import { displayPath } from '../workspace/repo-layout';
import { restorePaths } from '../workspace/workspace-snapshot';
import type { GeneratedFileReport } from './report';
import type { LoopContext } from './validation-loop';

export function discard(
  ctx: LoopContext,
  files: GeneratedFiles,
  failures: Array<{ file: string; reason: NonNullable<GeneratedFileReport['reason']>; message?: string }>,
): void {
  for (const failure of failures) {
    const savedAs = ctx.copies.keep(failure.file);
    ctx.log(
      `removing ${display(ctx)(failure.file)} (${failure.reason})${savedAs ? `; its last version is kept in ${savedAs}` : ''}`,
    );
    files.discard(failure.file, failure.reason, failure.message, savedAs);
  }
  restorePaths(
    ctx.snapshot,
    failures.map((f) => f.file),
  );
}

export function record(files: GeneratedFiles, verdict: RunVerdict): void {
  for (const passed of verdict.passed) {
    const tracked = files.get(passed.file);
    if (tracked) tracked.tests = passed.tests;
  }
  for (const failed of verdict.failed) {
    const tracked = files.get(failed.file);
    if (tracked) {
      tracked.failedOnce = true;
      tracked.lastFailure = failed;
    }
  }
}

/** New tests that make existing ones fail are not kept, even if they pass themselves. */
export function failEveryoneIfExistingBreak(verdict: RunVerdict): RunVerdict {
  if (verdict.brokenExisting.length === 0) return verdict;
  const names = verdict.brokenExisting.map((b) => b.file).join(', ');
  const message = `With the new test files in place, existing tests fail that passed before: ${names}\n\n${verdict.brokenExisting.map((b) => b.message).join('\n\n')}`;
  return {
    passed: [],
    failed: [
      ...verdict.failed,
      ...verdict.passed.map((p) => ({
        file: p.file,
        reason: 'breaks-existing' as const,
        message: trimMiddle(message, 6000),
      })),
    ],
    brokenExisting: verdict.brokenExisting,
  };
}

export function display(ctx: LoopContext): (file: string) => string {
  return (file) => displayPath(ctx.layout, file);
}

export function projectRelative(ctx: LoopContext, file: string): string {
  return path.posix.relative(ctx.layout.projectDir, file);
}
