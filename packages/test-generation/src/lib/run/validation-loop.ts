import * as path from 'node:path';
import type { CodexSession } from '../codex/codex-session';
import { buildRepairPrompt } from '../codex/prompt';
import type { MutantMeasurer, MutationSummary } from '../mutation/mutation-filter';
import { GeneratedFiles } from '../tests/generated-files';
import { judgeRun, type RunVerdict } from '../tests/judge-run';
import type { TestRun } from '../tests/test-run';
import { confineRound } from '../workspace/confine-round';
import type { ConfinementRules } from '../workspace/confinement';
import { repoPath, type RepoLayout } from '../workspace/repo-layout';
import type { RunCopies } from '../workspace/run-copies';
import type { WorkspaceSnapshot } from '../workspace/workspace-snapshot';
import { confirmRuns, dropTestsWithoutGain, orphans } from './keep-rules';
import { discard, display, failEveryoneIfExistingBreak, projectRelative, record } from './loop-verdicts';
import type { RejectedChangeReport, RoundReport } from './report';

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

/** What the rounds have produced so far. */
type LoopState = Pick<LoopResult, 'files' | 'rejected' | 'rounds'>;

/**
 * Write, confine, run, repair: round 1 writes the tests, rounds 2.. repair the failing ones in the
 * same thread, and what still fails after `maxIterations` repairs is removed. Then the kept tests
 * must pass `runs` times in a row, and add coverage (or kill a mutant) to stay.
 */
export async function runValidationLoop(ctx: LoopContext, writePrompt: string): Promise<LoopResult> {
  const state: LoopState = { files: new GeneratedFiles(ctx.layout.gitRoot), rejected: [], rounds: [] };
  const validated = await writeAndRepair(ctx, state, writePrompt);
  const finalRun = await confirmRuns(ctx, state.files, validated.run, validated.passed);
  const mutation =
    ctx.requireCoverageGain && ctx.baseline.coverage
      ? await dropTestsWithoutGain(ctx, state.files, ctx.baseline.coverage)
      : undefined;
  orphans(ctx, state.files);
  return { ...state, finalRun: state.files.activeTests().length > 0 ? finalRun : undefined, mutation };
}

/**
 * The rounds: run the generated tests after each Codex turn until all pass or the repairs run out.
 * `passed`: every file passed in one run; `run`: that run, when it ran every test (not a repair's partial run).
 */
async function writeAndRepair(
  ctx: LoopContext,
  state: LoopState,
  writePrompt: string,
): Promise<{ passed: boolean; run?: TestRun }> {
  let round = 1;
  let roundStarted = Date.now();
  let { changed, reverted } = await codexRound(ctx, state, round, writePrompt);
  for (;;) {
    const tests = state.files.activeTests();
    const recordRound = (passed: string[], failed: string[]) =>
      state.rounds.push({
        round,
        kind: round === 1 ? 'write' : 'repair',
        changed: changed.map(display(ctx)),
        passed,
        failed,
        durationMs: Date.now() - roundStarted,
      });
    if (tests.length === 0) {
      recordRound([], []);
      return { passed: false };
    }
    // A repair round runs only the generated files; the confirmation runs run everything.
    const partial = round > 1 && ctx.canRunSomeTests;
    ctx.log(
      `validating ${tests.length} test file(s): ${ctx.testCommand}${partial ? ' (only the generated files)' : ''}`,
    );
    const run = await ctx.runTests(partial ? tests : undefined);
    const verdict = failEveryoneIfExistingBreak(judgeRun(run, tests, ctx.baseline));
    record(state.files, verdict);
    recordRound(
      verdict.passed.map((p) => display(ctx)(p.file)),
      verdict.failed.map((f) => display(ctx)(f.file)),
    );
    if (verdict.failed.length === 0) return { passed: true, run: partial ? undefined : run };
    if (round > ctx.maxIterations) {
      discard(
        ctx,
        state.files,
        verdict.failed.map((f) => ({ file: f.file, reason: f.reason, message: f.message })),
      );
      return { passed: false };
    }
    round += 1;
    roundStarted = Date.now();
    ({ changed, reverted } = await codexRound(ctx, state, round, repairPrompt(ctx, round, verdict, reverted)));
  }
}

/** One Codex turn, then every change outside the allowed writes put back; returns the generated files it changed. */
async function codexRound(
  ctx: LoopContext,
  state: LoopState,
  round: number,
  prompt: string,
): Promise<{ changed: string[]; reverted: RejectedChangeReport[] }> {
  ctx.log(round === 1 ? 'codex: writing tests' : `codex: repair round ${round - 1} of ${ctx.maxIterations}`);
  const turn = await ctx.session.send(prompt);
  const projectAbsolute = path.join(ctx.layout.gitRoot, ctx.layout.projectDir);
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
  state.rejected.push(...confined.rejected);
  return { changed: state.files.update(confined.allowed, round), reverted: confined.rejected };
}

function repairPrompt(ctx: LoopContext, round: number, verdict: RunVerdict, reverted: RejectedChangeReport[]): string {
  const forPrompt = (f: { file: string; reason: string; message: string }) => ({
    path: projectRelative(ctx, f.file),
    reason: f.reason,
    message: f.message,
  });
  return buildRepairPrompt({
    round: round - 1,
    maxRounds: ctx.maxIterations,
    testCommand: ctx.testCommand,
    failures: verdict.failed.map(forPrompt),
    brokenExisting: verdict.brokenExisting.map(forPrompt),
    reverted: reverted.map((r) => ({ path: r.path, detail: r.detail })),
  });
}
