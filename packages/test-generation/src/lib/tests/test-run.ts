import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { summarizeCoverageMap, type FileCoverage } from './coverage';
import { parseJestReport, stripAnsi, type JestReport } from './jest-results';
import { isInside, repoPath, type RepoLayout } from '../workspace/repo-layout';
import { runShell } from './run-shell';
import { testRunCommand, type TestCommandPlan } from './test-command';

export interface TestRun {
  /** The command exited with 0. */
  success: boolean;
  exitCode: number | null;
  command: string;
  durationMs: number;
  /** The end of the output, without colours: what a repair prompt quotes. */
  outputTail: string;
  /** Per-file results (Jest only, when it wrote its report). */
  jest?: JestReport;
  /** Per-file coverage of the project's files (Jest with coverage only). */
  coverage?: Map<string, FileCoverage>;
}

export interface RunTestsOptions {
  plan: TestCommandPlan;
  layout: RepoLayout;
  /** A private folder for the results file. */
  workDir: string;
  withCoverage: boolean;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  onOutput?: (chunk: string) => void;
  /** Coverage counts only files for which this is true (source files, not tests). */
  countsForCoverage?: (file: string) => boolean;
}

export class TestRunStopped extends Error {
  constructor(readonly reason: 'timeout' | 'aborted', command: string, timeoutMs: number) {
    super(
      reason === 'timeout'
        ? `The test command \`${command}\` did not finish within ${Math.round(timeoutMs / 1000)} s. Raise testTimeoutSeconds, or make the tests faster.`
        : `The test command \`${command}\` was interrupted.`,
    );
    this.name = 'TestRunStopped';
  }
}

export async function runTests(options: RunTestsOptions): Promise<TestRun> {
  const resultsFile = path.join(options.workDir, 'jest-results.json');
  rmSync(resultsFile, { force: true });
  const command = testRunCommand(options.plan, resultsFile, options.withCoverage);
  const run = await runShell({
    command,
    cwd: options.layout.workspaceRoot,
    env: options.env,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onOutput: options.onOutput,
  });
  if (run.stopped) throw new TestRunStopped(run.stopped, command, options.timeoutMs);
  const result: TestRun = { success: run.exitCode === 0, exitCode: run.exitCode, command, durationMs: run.durationMs, outputTail: stripAnsi(run.output) };
  if (options.plan.runner === 'jest' && existsSync(resultsFile)) {
    const toRepoPath = (file: string): string => repoPath(options.layout, file, options.layout.workspaceRoot);
    result.jest = parseJestReport(JSON.parse(readFileSync(resultsFile, 'utf8')), toRepoPath);
    if (options.withCoverage) {
      const counts = options.countsForCoverage ?? (() => true);
      result.coverage = summarizeCoverageMap(result.jest.coverageMap, (file) => {
        const key = toRepoPath(file);
        return isInside(key, options.layout.projectDir) && counts(key) ? key : undefined;
      });
    }
    delete result.jest.coverageMap;
  }
  return result;
}
