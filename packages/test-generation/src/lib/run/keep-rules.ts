/**
 * What a passing generated test must also do to stay: pass again (not flaky), add coverage or kill
 * a mutant, and, for a snapshot, belong to a kept test.
 */
import type { MutantKills, MutationSummary } from '../mutation/mutation-filter';
import { coverageGain, type FileCoverage } from '../tests/coverage';
import type { GeneratedFiles } from '../tests/generated-files';
import { judgeRun } from '../tests/judge-run';
import type { TestRun } from '../tests/test-run';
import { discard, display, failEveryoneIfExistingBreak, record } from './loop-verdicts';
import type { LoopContext } from './validation-loop';

/**
 * Kept tests must pass `runs` times in a row (the passing validation run counts as one). A file
 * that fails in one of these runs is flaky and removed; the last run with exactly the kept files
 * in place gives the coverage.
 */
export async function confirmRuns(
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
export async function dropTestsWithoutGain(
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
export async function killedMutants(
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

export function orphans(ctx: LoopContext, files: GeneratedFiles): void {
  const found = files.findOrphans();
  if (found.length > 0)
    discard(
      ctx,
      files,
      found.map((file) => ({ file, reason: 'no-kept-test' as const })),
    );
}
