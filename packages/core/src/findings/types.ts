/**
 * One Finding type and one ReviewResult type, used by every report, the failOn gate and the MCP server.
 */
import type { CodexUsage, TransportName } from '../codex/types';

/** P0 (blocking) .. P3 (nit), as in Codex's own review format. */
export type Priority = 0 | 1 | 2 | 3;
export const PRIORITY_LABELS = ['P0', 'P1', 'P2', 'P3'] as const;
export type PriorityLabel = (typeof PRIORITY_LABELS)[number];

export interface Finding {
  title: string;
  body: string;
  priority: Priority;
  /** 0..1 */
  confidence: number;
  /** Workspace-relative path, forward slashes. */
  file: string;
  startLine: number;
  endLine: number;
  /** Stable id: hash of file, line range and normalised title. */
  fingerprint: string;
  /** scope 'changes': true when the finding's lines do not meet the change (kept, but not about the diff). */
  outsideChange?: boolean;
}

/**
 * The verdict a report states, derived from the findings and the scope, never taken from the
 * model: "nothing-reviewed" when no file was reviewed, "changes-needed" when a blocking finding
 * (P0 or P1) exists, else "no-blocking-findings".
 */
export type Verdict = 'no-blocking-findings' | 'changes-needed' | 'nothing-reviewed';
export const VERDICTS: readonly Verdict[] = ['no-blocking-findings', 'changes-needed', 'nothing-reviewed'];
/** Findings at this priority or above block: the same line as GitHub's error annotations. */
export const BLOCKING_PRIORITY: Priority = 1;

/** What the model itself answered (Codex's review format): kept as data, never shown as the verdict. */
export type ModelVerdict = 'patch is correct' | 'patch is incorrect';

/** A finding the model gave that was dropped or changed before it reached the reports, and why. */
export interface FindingNote {
  action: 'dropped' | 'clamped' | 'truncated';
  reason:
    | 'outside-workspace'
    | 'file-not-reviewed'
    | 'line-out-of-range'
    | 'title-too-long'
    | 'body-too-long'
    | 'too-many-findings';
  /** The finding as the model gave it: `"title" at path:line` (sanitised and shortened). */
  finding: string;
  detail: string;
}

export interface SkippedFile {
  file: string;
  reason:
    | 'binary'
    | 'too-large'
    | 'generated'
    | 'over-budget'
    | 'unreadable'
    | 'symlink'
    | 'not-utf8'
    | 'secret-file'
    | string;
  detail?: string;
}

export interface ReviewTimings {
  fileSelectionMs: number;
  /** Scanning the selected files and context files for secrets (secretlint), once per review. */
  secretScanMs?: number;
  promptMs: number;
  /** From the prompts being ready to the last answer; in a batch this includes waiting for a turn at the model. */
  modelMs: number;
  reportsMs: number;
  totalMs: number;
}

export interface ChunkResult {
  /** Content address of the chunk's result (its files, contents, context, settings, prompt version). */
  key: string;
  files: string[];
  source: 'sent' | 'local' | 'remote';
  /**
   * Tokens of the chunk's prompt as planned: exact when the planner counted them, else an upper
   * bound (its UTF-8 byte length, since an o200k token covers at least one byte). What the model
   * really read is in the result's usage.
   */
  promptTokens: number;
}

export interface ReviewResult {
  schemaVersion: 1;
  project: string;
  projectRoot: string;
  scope: 'project' | 'changes';
  base?: string;
  head?: string;
  filesReviewed: string[];
  filesSkipped: SkippedFile[];
  findings: Finding[];
  /** Every finding of the model's answer that was dropped, clamped or cut, with the reason. */
  findingNotes: FindingNote[];
  verdict: Verdict;
  /** The model's own overall_correctness (of the last chunk that said "incorrect", else "correct"); absent when no model call was made. */
  modelVerdict?: ModelVerdict;
  explanation: string;
  /** 0..1 */
  confidence: number;
  codexVersion: string;
  transport: TransportName;
  model: string;
  chunks: number;
  /** How each chunk was answered: sent to the model, or reused from the chunk store (local or the remote cache). */
  chunkResults?: ChunkResult[];
  /** Tokens of this review's model calls (reused chunks cost none). */
  usage: CodexUsage;
  /** Tokens Codex adds to each request besides our prompt (system prompt, tools, answer schema), measured once per codex version and settings. */
  requestOverheadTokens?: number;
  /** US dollars of `usage`, when the model has a price (defaults or the `prices` option). */
  cost?: number;
  /** The Nx run this review was part of: what all its tasks spent so far. */
  run?: { id: string; tokens: number; cost?: number; tasks: number };
  timings: ReviewTimings;
  contextFiles: string[];
  promptVersion: string;
  /** Digest of everything that decided this answer (files, context, settings, options): equal digest, same review. */
  inputsDigest: string;
  /**
   * Repository settings (.codex/config.toml, the `config` option) that were not passed to Codex, with
   * the reason; `file` is workspace-relative. Absent when none were refused.
   */
  settingsRefused?: Array<{ key: string; reason: string; file?: string; line?: number }>;
  createdAt: string;
}
