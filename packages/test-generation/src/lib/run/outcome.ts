import { trimMiddle } from '@nx-codex/core';
import { PROMPT_VERSION } from '../codex/prompt';
import { compareCoverage } from '../tests/coverage';
import type { TestRun } from '../tests/test-run';
import type { CopyBackResult } from '../workspace/copy-back';
import { displayPath, type RepoLayout } from '../workspace/repo-layout';
import { isTestFile } from '../tests/judge-run';
import type { GeneratedFileReport, GenerateReport } from './report';
import type { GenerateRequest } from './types';
import type { LoopResult } from './validation-loop';

export function emptyReport(request: GenerateRequest, started: number): GenerateReport {
  return {
    version: 1,
    project: request.project,
    projectRoot: request.projectRoot,
    status: 'failed',
    dryRun: request.dryRun === true,
    message: '',
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    summary: { written: 0, kept: 0, repaired: 0, discarded: 0, conflicts: 0, rejected: 0, testsKept: 0 },
    testCommand: { command: request.testCommand ?? '', runner: 'other', detectedFrom: '' },
    // Placeholders keep the report's key order readable; JSON drops them when unset.
    baseline: undefined,
    funnel: undefined,
    coverage: undefined,
    mutation: undefined,
    files: [],
    rejected: [],
    rounds: [],
    usage: { inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0 },
    codex: { model: request.model, promptVersion: PROMPT_VERSION },
    notes: [],
    patch: undefined,
    savedCopies: undefined,
    error: undefined,
  };
}

export function fillFromLoop(report: GenerateReport, loop: LoopResult, layout: RepoLayout, baseline: TestRun): void {
  report.files = loop.files.toReport(
    (file) => displayPath(layout, file),
    (text) => trimMiddle(text, 4000),
  );
  report.funnel = funnelOf(report.files, baseline.coverage !== undefined, loop.mutation?.status === 'measured');
  report.mutation = loop.mutation;
  report.rejected = loop.rejected;
  report.rounds = loop.rounds;
  if (baseline.coverage) {
    // Nothing kept: coverage is what it was.
    report.coverage = compareCoverage(baseline.coverage, loop.finalRun?.coverage ?? baseline.coverage);
  }
}

const FAILED_TO_PASS = new Set(['failed', 'not-run', 'run-failed', 'breaks-existing', 'flaky']);

/**
 * How many test files survived each filter, as TestGen-LLM reports it: generated → ran → passed
 * `runs` times → added coverage → killed mutants (mutation: true) → kept. Helpers and snapshots are not counted.
 */
export function funnelOf(
  files: GeneratedFileReport[],
  coverageMeasured: boolean,
  mutantsMeasured = false,
): NonNullable<GenerateReport['funnel']> {
  const tests = files.filter((f) => isTestFile(f.path));
  const ran = tests.filter((f) => f.reason !== 'not-run');
  const passed = ran.filter((f) => !FAILED_TO_PASS.has(f.reason ?? ''));
  const addedCoverage = coverageMeasured
    ? passed.filter(
        (f) =>
          f.reason !== 'no-new-coverage' &&
          (f.coverageGain === undefined || f.coverageGain.lines + f.coverageGain.branches > 0),
      )
    : passed;
  return {
    generated: tests.length,
    ran: ran.length,
    passed: passed.length,
    addedCoverage: addedCoverage.length,
    // Files that kill a mutant no existing test kills (kept even without new coverage).
    ...(mutantsMeasured ? { killedMutants: passed.filter((f) => (f.killedMutants ?? 0) > 0).length } : {}),
    kept: tests.filter((f) => f.status !== 'discarded').length,
  };
}

/** A kept test the user's own change blocked: reported as a conflict, with where its content went. */
export function markConflicts(report: GenerateReport, results: CopyBackResult[], layout: RepoLayout): void {
  for (const result of results) {
    if (result.outcome !== 'conflict') continue;
    const file = report.files.find((f) => f.path === displayPath(layout, result.path));
    if (!file) continue;
    file.status = 'conflict';
    file.message =
      'changed in your working tree while the run went on: left as you have it; the generated version is in savedAs';
    file.savedAs = result.savedAs;
  }
}

export function completedMessage(report: GenerateReport): string {
  const kept = report.files.filter((f) => f.status === 'kept');
  const conflicts = report.files.filter((f) => f.status === 'conflict');
  if (report.files.length === 0) return 'completed: Codex wrote no test file, nothing kept';
  const conflictNote =
    conflicts.length > 0
      ? `; ${conflicts.length} not copied because you changed them during the run (see savedAs)`
      : '';
  if (kept.length === 0)
    return `completed: nothing kept (${report.files.length} file(s) written, none passed)${conflictNote}`;
  const coverage = report.coverage
    ? `, line coverage ${report.coverage.lines.beforePct}% -> ${report.coverage.lines.afterPct}%`
    : '';
  const where = report.dryRun ? ' (dry run: written to the patch, your working tree unchanged)' : '';
  return `completed: kept ${kept.length} of ${report.files.length} test file(s)${coverage}${where}${conflictNote}`;
}
