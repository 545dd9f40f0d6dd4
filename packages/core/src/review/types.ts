import type { BudgetLimits, PriceTable } from '../budget';
import type { AppServerPool } from '../codex/app-server/app-server-transport';
import type { TransportChoice } from '../codex/types';
import type { ReviewResult } from '../findings/types';
import type { ReviewSchedule } from './review-schedule';
import type { CodexTargetOptions } from '../targets';

export type FailOn = 'P0' | 'P1' | 'P2' | 'P3' | 'none';

/** The options a user gives a review (the executor's schema.json describes each). */
export interface ReviewOptions extends CodexTargetOptions, BudgetLimits {
  /** Chunks of one project reviewed in parallel. */
  concurrency?: number;
  /** The size chunks aim at, in tokens: a changed project re-sends only its changed chunks. */
  chunkTokens?: number;
  /** Tokens kept for each answer when a call is checked against a budget. */
  reserveOutputTokens?: number;
  /** Dollars per million tokens by model; overrides the defaults (budget/prices.ts). */
  prices?: PriceTable;
  /** Keep and reuse chunk results (local store, and the self-hosted remote cache when configured). */
  chunkStore?: boolean;
  failOn?: FailOn;
  transport?: TransportChoice;
  /**
   * Give the reviewer Codex's shell back (`features.shell_tool`/`unified_exec`). Its environment
   * stays scrubbed, but it can read files outside the cache inputs. Honoured from the command line only.
   */
  shellTools?: boolean;
}

/** What a review needs: the user's options plus where things are. */
export interface ReviewRequest extends ReviewOptions {
  workspaceRoot: string;
  project: string;
  /** Workspace-relative. */
  projectRoot: string;
  /** Absolute folder for review.json/.md/.sarif. */
  outputDir: string;
  /** False asks the model again even when review.json answers the same inputs (`--skip-nx-cache`). Default true. */
  reusePrevious?: boolean;
  /** Environment of the review (default process.env): CODEX_HOME, NX_BASE, NX_HEAD, GITHUB_ACTIONS. */
  env?: Record<string, string | undefined>;
  signal?: AbortSignal;
  /** Batch mode: the model calls go to these shared `codex app-server` processes instead of a `codex exec` each. */
  appServer?: AppServerPool;
  /** Batch mode: when this review prepares and when its calls go out, shared by the batch's reviews. */
  schedule?: ReviewSchedule;
  /** One line per step of progress. */
  log?: (line: string) => void;
  /** Writes a line as it is, at the start of a line (GitHub workflow commands); default: stdout. */
  print?: (line: string) => void;
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
  chunkTokens: 16_000,
  reserveOutputTokens: 4_000,
  concurrency: 2,
  failOn: 'none',
  timeoutSeconds: 600,
  maxRetries: 2,
} as const;
