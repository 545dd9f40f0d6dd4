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
  /** Removed by core's watchdog if this process dies during the run (the temporary checkout). */
  cleanupPaths?: string[];
  /** Jest only: run just these test files (repository-relative). */
  only?: string[];
  /** Coverage counts only files for which this is true (source files, not tests). */
  countsForCoverage?: (file: string) => boolean;
}

export class TestRunStopped extends Error {
  constructor(
    readonly reason: 'timeout' | 'aborted' | 'killed',
    command: string,
    timeoutMs: number,
    signal?: string,
  ) {
    super(
      reason === 'timeout'
        ? `The test command \`${command}\` did not finish within ${Math.round(timeoutMs / 1000)} s. Raise testTimeoutSeconds, or make the tests faster.`
        : reason === 'killed'
          ? `The test command \`${command}\` was killed by ${signal} from outside this run.`
          : `The test command \`${command}\` was interrupted.`,
    );
    this.name = 'TestRunStopped';
  }
}

/** A shell reports a child killed by signal N as exit 128+N. */
const SHELL_SIGNAL_EXITS: Record<number, NodeJS.Signals> = { 129: 'SIGHUP', 130: 'SIGINT', 143: 'SIGTERM' };

export async function runTests(options: RunTestsOptions): Promise<TestRun> {
  const resultsFile = path.join(options.workDir, 'jest-results.json');
  rmSync(resultsFile, { force: true });
  const command = testRunCommand(
    options.plan,
    resultsFile,
    options.withCoverage,
    options.only?.map((file) => path.join(options.layout.gitRoot, file)),
  );
  const run = await runShell({
    command,
    cwd: options.layout.workspaceRoot,
    env: options.env,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    onOutput: options.onOutput,
    cleanupPaths: options.cleanupPaths,
  });
  if (run.stopped) throw new TestRunStopped(run.stopped, command, options.timeoutMs);
  // Ctrl-C through Nx signals the whole tree: the tests may die before we hear of it.
  const killedBy = run.signal ?? SHELL_SIGNAL_EXITS[run.exitCode ?? -1];
  if (killedBy === 'SIGINT' || killedBy === 'SIGTERM' || killedBy === 'SIGHUP')
    throw new TestRunStopped('killed', command, options.timeoutMs, killedBy);
  const result: TestRun = {
    success: run.exitCode === 0,
    exitCode: run.exitCode,
    command,
    durationMs: run.durationMs,
    outputTail: stripAnsi(run.output),
  };
  if (options.plan.runner === 'jest' && existsSync(resultsFile)) {
    const toRepoPath = (file: string): string => repoPath(options.layout, file, options.layout.workspaceRoot);
    const counts = options.countsForCoverage ?? (() => true);
    const projectFile = (file: string): string | undefined => {
      const key = toRepoPath(file);
      return isInside(key, options.layout.projectDir) && counts(key) ? key : undefined;
    };
    result.jest = parseJestReport(JSON.parse(readFileSync(resultsFile, 'utf8')), toRepoPath);
    if (options.withCoverage) {
      result.coverage = summarizeCoverageMap(result.jest.coverageMap, projectFile);
    }
    delete result.jest.coverageMap;
  }
  return result;
}
