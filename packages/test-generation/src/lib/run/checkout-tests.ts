import { mutantMeasurer, type MutantMeasurer } from '../mutation/mutation-filter';
import { isTestFile } from '../tests/judge-run';
import type { TestCommandPlan } from '../tests/test-command';
import { runTests, type TestRun } from '../tests/test-run';
import { isAllowedWrite, type ConfinementRules } from '../workspace/confinement';
import type { RepoLayout } from '../workspace/repo-layout';
import { changesSince, restorePaths, type WorkspaceSnapshot } from '../workspace/workspace-snapshot';
import { GENERATE_DEFAULTS, type GenerateRequest } from './types';

/**
 * StrykerJS for `mutation: true`, or undefined (with a log line) when the project cannot have it.
 * It mutates the checkout's sources in place; whatever a stopped run left changed is put back.
 */
export function mutationStep(options: {
  request: GenerateRequest;
  plan: TestCommandPlan;
  layout: RepoLayout;
  env: NodeJS.ProcessEnv;
  checkoutFolder: string;
  snapshot: WorkspaceSnapshot;
  rules: ConfinementRules;
  log: (line: string) => void;
}): MutantMeasurer | undefined {
  const { request, snapshot, rules } = options;
  const measurer = mutantMeasurer({
    ...options,
    testTarget: request.testTarget,
    timeoutSeconds: request.mutationTimeoutSeconds,
    signal: request.signal,
    cleanupPaths: [options.checkoutFolder],
  });
  if (typeof measurer !== 'function') {
    options.log(measurer.skipped);
    return undefined;
  }
  return async (tests, sources) => {
    try {
      return await measurer(tests, sources);
    } finally {
      restorePaths(
        snapshot,
        changesSince(snapshot)
          .map((c) => c.path)
          .filter((file) => !isAllowedWrite(file, rules)),
      );
    }
  };
}

/**
 * One run of the project's tests in the checkout. What a run writes outside the allowed writes
 * (a coverage folder, a cache) is put back at once, so it is never taken for Codex's work.
 */
export function projectTestRunner(options: {
  request: GenerateRequest;
  plan: TestCommandPlan;
  layout: RepoLayout;
  rules: ConfinementRules;
  snapshot: WorkspaceSnapshot;
  resultsDir: string;
  env: NodeJS.ProcessEnv;
  checkoutFolder: string;
}): (only?: string[]) => Promise<TestRun> {
  const { request, plan, layout, rules, snapshot } = options;
  const countsForCoverage = (file: string): boolean => !isTestFile(file) && !isAllowedWrite(file, rules);
  return async (only) => {
    const run = await runTests({
      plan,
      only,
      cleanupPaths: [options.checkoutFolder],
      layout,
      workDir: options.resultsDir,
      withCoverage: true,
      env: options.env,
      timeoutMs: (request.testTimeoutSeconds ?? GENERATE_DEFAULTS.testTimeoutSeconds) * 1000,
      signal: request.signal,
      countsForCoverage,
      onOutput: request.printTestOutput ? (chunk) => process.stdout.write(chunk) : undefined,
    });
    const leftovers = changesSince(snapshot)
      .map((c) => c.path)
      .filter((file) => !isAllowedWrite(file, rules));
    restorePaths(snapshot, leftovers);
    return run;
  };
}
