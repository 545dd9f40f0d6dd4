import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export interface StrykerRunOptions {
  /** Stryker's working directory: the checkout's workspace root. */
  cwd: string;
  /** The project's Jest configuration, relative to `cwd`. */
  jestConfig: string;
  /** Source files to mutate, relative to `cwd`. */
  mutate: string[];
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  signal?: AbortSignal;
  /** Removed by core's watchdog if this process dies during the run (the temporary checkout). */
  cleanupPaths?: string[];
}

export type StrykerRun =
  { ok: true; report: unknown; durationMs: number } | { ok: false; error: string; durationMs: number };

/** Stryker's config, temp folder and report: inside the checkout, removed after each run. */
export const STRYKER_DIR = '.codex-stryker';

/**
 * One StrykerJS run (Jest runner, per-test coverage, JSON report) through core's process runner,
 * as the test commands run: its own process group, stopped as a whole at the time limit. It
 * mutates in place: the checkout is a throwaway copy, and the caller puts back any source a
 * stopped run left mutated.
 */
export async function runStryker(options: StrykerRunOptions): Promise<StrykerRun> {
  const dir = path.join(options.cwd, STRYKER_DIR);
  const reportFile = path.join(dir, 'report.json');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const config = {
    testRunner: 'jest',
    jest: { projectType: 'custom', configFile: options.jestConfig, enableFindRelatedTests: false },
    coverageAnalysis: 'perTest',
    // Every killing test in killedBy, so "no existing test kills it" can be read from the report.
    disableBail: true,
    mutate: options.mutate,
    reporters: ['json'],
    jsonReporter: { fileName: path.join(STRYKER_DIR, 'report.json') },
    tempDirName: path.join(STRYKER_DIR, 'tmp'),
    inPlace: true,
    concurrency: 1,
    checkers: [],
    incremental: false,
    logLevel: 'warn',
    fileLogLevel: 'off',
    allowConsoleColors: false,
  };
  const configFile = path.join(dir, 'stryker.config.json');
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  const { runProcess } = await import('@nx-codex/core');
  // The package exports no bin path: found next to its package.json.
  const bin = path.join(path.dirname(require.resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');
  try {
    const result = await runProcess({
      file: process.execPath,
      args: [bin, 'run', configFile],
      cwd: options.cwd,
      env: { ...options.env, FORCE_COLOR: '0' },
      timeoutMs: options.timeoutMs,
      signal: options.signal,
      cleanupPaths: options.cleanupPaths,
    });
    const durationMs = result.durationMs;
    if (result.spawnError)
      return { ok: false, error: `could not start StrykerJS: ${result.spawnError.message}`, durationMs };
    if (result.stopped === 'timeout')
      return {
        ok: false,
        error: `StrykerJS did not finish within ${Math.round(options.timeoutMs / 1000)} s (mutationTimeoutSeconds)`,
        durationMs,
      };
    // Ctrl-C or an orphaned run: the whole run stops, as it does for a test command.
    if (result.stopped) throw new Error(`StrykerJS was interrupted (${result.stopped})`);
    if (result.exitCode !== 0 || !existsSync(reportFile)) {
      return {
        ok: false,
        error: `StrykerJS exited with ${result.exitCode ?? result.signal}: ${result.output.trim().split('\n').slice(-8).join('\n')}`,
        durationMs,
      };
    }
    return { ok: true, report: JSON.parse(readFileSync(reportFile, 'utf8')), durationMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
