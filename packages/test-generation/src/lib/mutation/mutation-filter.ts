import * as path from 'node:path';
import type { TestCommandPlan, TestTargetInfo } from '../tests/test-command';
import { toPosix, type RepoLayout } from '../workspace/repo-layout';
import { mutationScores, readMutationReport, type MutationScore } from './mutation-report';
import { runStryker } from './run-stryker';

export const DEFAULT_MUTATION_TIMEOUT_SECONDS = 300;

/** What the report says about the mutation step. */
export type MutationSummary =
  | { status: 'measured'; mutated: string[]; before: MutationScore; after: MutationScore; durationMs: number }
  | { status: 'failed'; error: string; durationMs: number }
  | { status: 'skipped'; reason: string };

/** Per generated test file (repository-relative): mutants it kills that no existing test kills. */
export interface MutantKills {
  uniqueKills: Map<string, number>;
  /** Scores before (existing tests) and after (plus `kept`). */
  scores(kept: readonly string[]): { before: MutationScore; after: MutationScore };
  mutated: string[];
  durationMs: number;
}

/** One Stryker run over the passing generated tests, mutating `sources` (repository-relative). */
export type MutantMeasurer = (
  tests: string[],
  sources: string[],
) => Promise<MutantKills | { error: string; durationMs: number }>;

/**
 * The measurer for this run, or why there is none: StrykerJS needs the project's Jest config,
 * which it runs itself (a test command through Nx or npm cannot be mutation-tested here).
 */
export function mutantMeasurer(options: {
  plan: TestCommandPlan;
  testTarget?: TestTargetInfo;
  layout: RepoLayout;
  env: NodeJS.ProcessEnv;
  timeoutSeconds?: number;
  signal?: AbortSignal;
  cleanupPaths: string[];
}): MutantMeasurer | { skipped: string } {
  const jestConfig = options.testTarget?.options?.jestConfig;
  if (
    options.plan.runner !== 'jest' ||
    !options.plan.directJest ||
    typeof jestConfig !== 'string' ||
    jestConfig === ''
  ) {
    return {
      skipped:
        'mutation testing needs a Jest project whose test target names its jestConfig (StrykerJS runs that config); skipped, the coverage rule alone decides',
    };
  }
  const { layout } = options;
  const fromRepo = (file: string): string =>
    toPosix(path.relative(layout.workspaceRoot, path.join(layout.gitRoot, file)));
  return async (tests, sources) => {
    const run = await runStryker({
      cwd: layout.workspaceRoot,
      jestConfig,
      mutate: sources.map(fromRepo),
      env: options.env,
      timeoutMs: (options.timeoutSeconds ?? DEFAULT_MUTATION_TIMEOUT_SECONDS) * 1000,
      signal: options.signal,
      cleanupPaths: options.cleanupPaths,
    });
    if (!run.ok) return { error: run.error, durationMs: run.durationMs };
    const named = new Map(tests.map((test) => [fromRepo(test), test]));
    let verdict;
    try {
      verdict = readMutationReport(run.report, [...named.keys()]);
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error), durationMs: run.durationMs };
    }
    const uniqueKills = new Map([...verdict.uniqueKills].map(([file, ids]) => [named.get(file) as string, ids.size]));
    return {
      uniqueKills,
      scores: (kept) => mutationScores(verdict, kept.map(fromRepo)),
      mutated: sources,
      durationMs: run.durationMs,
    };
  };
}
