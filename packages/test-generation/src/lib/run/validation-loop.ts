import * as path from 'node:path';
import type { CodexSession } from '../codex/codex-session';
import { confineRound } from '../workspace/confine-round';
import type { ConfinementRules } from '../workspace/confinement';
import { GeneratedFiles } from '../tests/generated-files';
import { judgeRun, type RunVerdict } from '../tests/judge-run';
import { trimMiddle } from '@nx-codex/core';
import { buildRepairPrompt } from '../codex/prompt';
import type { RunCopies } from '../workspace/run-copies';
import type { GeneratedFileReport, RejectedChangeReport, RoundReport } from './report';
import { displayPath, repoPath, type RepoLayout } from '../workspace/repo-layout';
import { coverageGain, type FileCoverage } from '../tests/coverage';
import type { TestRun } from '../tests/test-run';
import { restorePaths, type WorkspaceSnapshot } from '../workspace/workspace-snapshot';
import type { MutantKills, MutantMeasurer, MutationSummary } from '../mutation/mutation-filter';

export interface LoopContext {
  session: CodexSession;
  snapshot: WorkspaceSnapshot;
  layout: RepoLayout;
  rules: ConfinementRules;
  testCommand: string;
  baseline: TestRun;
  /** One run of the project's tests; `only`: just these test files (Jest). */
  runTests(only?: string[]): Promise<TestRun>;
  /** The test command is Jest itself: it can run only some test files (`runTests(only)`). */
  canRunSomeTests: boolean;
  /** Jest with coverage: keep only tests that cover something the existing tests do not. */
  requireCoverageGain: boolean;
  /** mutation: true: a file without new coverage is kept if it kills a mutant no existing test kills. */
  measureMutants?: MutantMeasurer;
  maxIterations: number;
  runs: number;
  copies: RunCopies;
  log(line: string): void;
}

export interface LoopResult {
  files: GeneratedFiles;
  rejected: RejectedChangeReport[];
  rounds: RoundReport[];
  /** The last test run with exactly the kept files in place (for coverage), if any. */
  finalRun?: TestRun;
  /** mutation: true: what the StrykerJS step did. */
  mutation?: MutationSummary;
}

/**
 * Write, confine, run, repair: round 1 writes the tests, rounds 2.. repair the failing ones in the
 * same thread, and what still fails after `maxIterations` repairs is removed. Then the kept tests
 * must pass `runs` times in a row.
 */
export async function runValidationLoop(ctx: LoopContext, writePrompt: string): Promise<LoopResult> {
  const files = new GeneratedFiles(ctx.layout.gitRoot);
  const rejected: RejectedChangeReport[] = [];
  const rounds: RoundReport[] = [];
  const projectAbsolute = path.join(ctx.layout.gitRoot, ctx.layout.projectDir);

  const codexRound = async (
    round: number,
    prompt: string,
  ): Promise<{ changed: string[]; reverted: RejectedChangeReport[] }> => {
    ctx.log(round === 1 ? 'codex: writing tests' : `codex: repair round ${round - 1} of ${ctx.maxIterations}`);
    const turn = await ctx.session.send(prompt);
    const reportedChanges = turn.fileChanges.map((c) => ({
      path: repoPath(ctx.layout, c.path, projectAbsolute),
      kind: c.kind,
    }));
    const confined = confineRound({
      snapshot: ctx.snapshot,
      layout: ctx.layout,
      rules: ctx.rules,
      reportedChanges,
      round,
      copies: ctx.copies,
    });
    for (const r of confined.rejected)
      ctx.log(`rejected ${r.path} (${r.kind}): ${r.detail}; ${r.restored ? 'restored' : 'could not restore'}`);
    rejected.push(...confined.rejected);
    return { changed: files.update(confined.allowed, round), reverted: confined.rejected };
  };

  let round = 1;
  let roundStarted = Date.now();
  let { changed, reverted } = await codexRound(round, writePrompt);
  let finalRun: TestRun | undefined;
  let passedOnce = false;
  for (;;) {
    const tests = files.activeTests();
    if (tests.length === 0) {
      rounds.push({
        round,
        kind: round === 1 ? 'write' : 'repair',
        changed: changed.map(display(ctx)),
        passed: [],
        failed: [],
        durationMs: Date.now() - roundStarted,
      });
      break;
    }
    // A repair round runs only the generated files; the confirmation runs below run everything.
    const partial = round > 1 && ctx.canRunSomeTests;
    ctx.log(
      `validating ${tests.length} test file(s): ${ctx.testCommand}${partial ? ' (only the generated files)' : ''}`,
    );
    const run = await ctx.runTests(partial ? tests : undefined);
    const verdict = failEveryoneIfExistingBreak(judgeRun(run, tests, ctx.baseline));
    record(files, verdict);
    rounds.push({
      round,
      kind: round === 1 ? 'write' : 'repair',
      changed: changed.map(display(ctx)),
      passed: verdict.passed.map((p) => display(ctx)(p.file)),
      failed: verdict.failed.map((f) => display(ctx)(f.file)),
      durationMs: Date.now() - roundStarted,
    });
    if (verdict.failed.length === 0) {
      passedOnce = true;
      finalRun = partial ? undefined : run;
      break;
    }
    if (round > ctx.maxIterations) {
      discard(
        ctx,
        files,
        verdict.failed.map((f) => ({ file: f.file, reason: f.reason, message: f.message })),
      );
      break;
    }
    round += 1;
    roundStarted = Date.now();
    const prompt = buildRepairPrompt({
      round: round - 1,
      maxRounds: ctx.maxIterations,
      testCommand: ctx.testCommand,
      failures: verdict.failed.map((f) => ({
        path: projectRelative(ctx, f.file),
        reason: f.reason,
        message: f.message,
      })),
      brokenExisting: verdict.brokenExisting.map((f) => ({
        path: projectRelative(ctx, f.file),
        reason: f.reason,
        message: f.message,
      })),
      reverted: reverted.map((r) => ({ path: r.path, detail: r.detail })),
    });
    ({ changed, reverted } = await codexRound(round, prompt));
  }

  finalRun = await confirmRuns(ctx, files, finalRun, passedOnce);
  const mutation =
    ctx.requireCoverageGain && ctx.baseline.coverage
      ? await dropTestsWithoutGain(ctx, files, ctx.baseline.coverage)
      : undefined;
  orphans(ctx, files);
  return { files, rejected, rounds, finalRun: files.activeTests().length > 0 ? finalRun : undefined, mutation };
}

/**
 * Kept tests must pass `runs` times in a row (the passing validation run counts as one). A file
 * that fails in one of these runs is flaky and removed; the last run with exactly the kept files
 * in place gives the coverage.
 */
async function confirmRuns(
  ctx: LoopContext,
  files: GeneratedFiles,
  lastRun: TestRun | undefined,
  passedOnce: boolean,
): Promise<TestRun | undefined> {
  let passes = passedOnce ? 1 : 0;
  let current = lastRun;
  for (
    let attempt = 0;
    files.activeTests().length > 0 && (passes < ctx.runs || !current) && attempt < ctx.runs + 2;
    attempt++
  ) {
    const tests = files.activeTests();
    ctx.log(`confirming ${tests.length} kept test file(s), run ${passes + 1} of ${ctx.runs}`);
    const run = await ctx.runTests();
    const verdict = failEveryoneIfExistingBreak(judgeRun(run, tests, ctx.baseline));
    if (verdict.failed.length > 0) {
      // Each of these passed in an earlier run: failing now makes it flaky.
      const flaky = verdict.failed.map((f) => ({
        file: f.file,
        reason: files.get(f.file)?.tests ? ('flaky' as const) : f.reason,
        message: f.message,
      }));
      record(files, verdict);
      discard(ctx, files, flaky);
      current = undefined;
    } else {
      record(files, verdict);
      current = run;
    }
    passes += 1;
  }
  return files.activeTests().length > 0 ? current : undefined;
}

/**
 * A passing file stays only if, run alone, it covers a line or a branch path of the project's
 * code that the existing tests do not (TestGen-LLM's filter), or, with `mutation: true`, if it
 * kills a mutant that no existing test kills (one StrykerJS run over the source files the
 * passing files cover). Needs a test command that is Jest itself (to run one file); otherwise
 * every passing file stays.
 */
async function dropTestsWithoutGain(
  ctx: LoopContext,
  files: GeneratedFiles,
  baseline: Map<string, FileCoverage>,
): Promise<MutationSummary | undefined> {
  if (!ctx.canRunSomeTests) return undefined;
  const noGain: string[] = [];
  const sources = new Set<string>();
  for (const file of files.activeTests()) {
    ctx.log(`measuring what ${display(ctx)(file)} adds to the coverage`);
    const own = (await ctx.runTests([file])).coverage;
    const tracked = files.get(file);
    if (!own || !tracked) continue;
    for (const [source, coverage] of own) if (coverage.points.size > 0) sources.add(source);
    tracked.gain = coverageGain(baseline, own);
    if (tracked.gain.lines === 0 && tracked.gain.branches === 0) noGain.push(file);
  }
  const { kills, summary } = await killedMutants(ctx, files, [...sources].sort());
  const dropped = noGain.filter((file) => !kills || (kills.uniqueKills.get(file) ?? 0) === 0);
  discard(
    ctx,
    files,
    dropped.map((file) =>
      kills
        ? {
            file,
            reason: 'no-killed-mutant' as const,
            message:
              'It passes, but covers nothing the existing tests do not, and kills no mutant that the existing tests leave alive.',
          }
        : {
            file,
            reason: 'no-new-coverage' as const,
            message:
              'It passes, but covers no line or branch of the project that the existing tests do not already cover.',
          },
    ),
  );
  if (kills && summary?.status === 'measured') Object.assign(summary, kills.scores(files.activeTests()));
  return summary;
}

/** The StrykerJS step; when it cannot run or fails, the coverage rule alone decides. */
async function killedMutants(
  ctx: LoopContext,
  files: GeneratedFiles,
  sources: string[],
): Promise<{ kills?: MutantKills; summary?: MutationSummary }> {
  if (!ctx.measureMutants) return {};
  const tests = files.activeTests();
  if (tests.length === 0 || sources.length === 0)
    return { summary: { status: 'skipped', reason: 'no passing generated test covers a source file' } };
  ctx.log(
    `mutation testing (StrykerJS) of ${sources.map(display(ctx)).join(', ')} with ${tests.length} generated test file(s)`,
  );
  const result = await ctx.measureMutants(tests, sources);
  if ('error' in result) {
    ctx.log(`mutation testing failed, the coverage rule alone decides: ${result.error}`);
    return { summary: { status: 'failed', error: result.error, durationMs: result.durationMs } };
  }
  for (const file of tests) {
    const tracked = files.get(file);
    if (tracked) tracked.killedMutants = result.uniqueKills.get(file) ?? 0;
  }
  const { before, after } = result.scores(tests);
  return {
    kills: result,
    summary: { status: 'measured', mutated: sources.map(display(ctx)), before, after, durationMs: result.durationMs },
  };
}

function discard(
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

function orphans(ctx: LoopContext, files: GeneratedFiles): void {
  const found = files.findOrphans();
  if (found.length > 0)
    discard(
      ctx,
      files,
      found.map((file) => ({ file, reason: 'no-kept-test' as const })),
    );
}

function record(files: GeneratedFiles, verdict: RunVerdict): void {
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
function failEveryoneIfExistingBreak(verdict: RunVerdict): RunVerdict {
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

function display(ctx: LoopContext): (file: string) => string {
  return (file) => displayPath(ctx.layout, file);
}

function projectRelative(ctx: LoopContext, file: string): string {
  return path.posix.relative(ctx.layout.projectDir, file);
}
