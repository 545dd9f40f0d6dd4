import type { CodexTargetOptions } from '@nx-codex/core';
import type { TestTargetInfo } from '../tests/test-command';
import type { GenerateReport } from './report';

/** The options a user gives a generation run (the executor's schema.json describes each). */
export interface GenerateOptions extends CodexTargetOptions {
  testCommand?: string;
  testRunner?: 'auto' | 'jest' | 'other';
  testTimeoutSeconds?: number;
  allowedWrites?: string[];
  maxIterations?: number;
  runs?: number;
  /** Keep only tests that cover lines or branches the existing tests do not (Jest; default true). */
  requireCoverageGain?: boolean;
  /** Also keep a test without new coverage that kills a mutant no existing test kills (StrykerJS; Jest only; default false). */
  mutation?: boolean;
  /** Time limit of the StrykerJS run (default 300). */
  mutationTimeoutSeconds?: number;
  dryRun?: boolean;
  allowDirty?: boolean;
  /** Stream the test command's output. */
  printTestOutput?: boolean;
}

/** What a generation run needs: the user's options plus where things are. Nothing here knows Nx. */
export interface GenerateRequest extends GenerateOptions {
  workspaceRoot: string;
  project: string;
  /** Workspace-relative. */
  projectRoot: string;
  /** Absolute folder for report.json (and tests.patch in a dry run). */
  outputDir: string;
  /** The project's `test` target, to pick the default test command and spot Jest. */
  testTarget?: TestTargetInfo;
  /** Environment of Codex and the test command (default process.env). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** One line per step of progress. */
  log?: (line: string) => void;
}

export interface GenerateOutcome {
  report: GenerateReport;
  reportFile: string;
  /** The run completed (whether or not anything was kept). */
  success: boolean;
}

export const GENERATE_DEFAULTS = {
  scope: 'project',
  maxIterations: 2,
  runs: 2,
  maxFileBytes: 200_000,
  maxPromptTokens: 60_000,
  timeoutSeconds: 900,
  testTimeoutSeconds: 600,
  maxRetries: 1,
} as const;
