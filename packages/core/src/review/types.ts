import type { TransportChoice } from '../codex/types';
import type { ReviewResult } from '../findings/types';

export type FailOn = 'P0' | 'P1' | 'P2' | 'P3' | 'none';

/** The options a user gives a review (the executor's schema.json describes each). */
export interface ReviewOptions {
  scope?: 'project' | 'changes';
  base?: string;
  head?: string;
  include?: string[];
  exclude?: string[];
  maxFileBytes?: number;
  maxPromptTokens?: number;
  concurrency?: number;
  instructions?: string;
  failOn?: FailOn;
  model?: string;
  profile?: string;
  reasoningEffort?: string;
  config?: Record<string, unknown>;
  transport?: TransportChoice;
  codexPath?: string;
  timeoutSeconds?: number;
  maxRetries?: number;
}

/** What a review needs: the user's options plus where things are. */
export interface ReviewRequest extends ReviewOptions {
  workspaceRoot: string;
  project: string;
  /** Workspace-relative. */
  projectRoot: string;
  /** Absolute folder for review.json/.md/.sarif. */
  outputDir: string;
  /** Environment of the review (default process.env): CODEX_HOME, NX_BASE, NX_HEAD, GITHUB_ACTIONS. */
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** One line per step of progress. */
  log?: (line: string) => void;
}

export interface ReviewOutcome {
  result: ReviewResult;
  /** The previous result was reused: same inputs, no model call. */
  reused: boolean;
  /** Findings at or above failOn exist. */
  gateFailed: boolean;
  reportFiles: string[];
}

export const REVIEW_DEFAULTS = {
  scope: 'project',
  maxFileBytes: 200_000,
  maxPromptTokens: 120_000,
  concurrency: 2,
  failOn: 'none',
  timeoutSeconds: 600,
  maxRetries: 2,
} as const;
