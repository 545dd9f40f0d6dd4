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
}

export type Verdict = 'correct' | 'incorrect';

export interface SkippedFile {
  file: string;
  reason: 'binary' | 'too-large' | 'generated' | 'over-budget' | 'unreadable' | 'symlink' | 'not-utf8' | string;
  detail?: string;
}

export interface ReviewTimings {
  fileSelectionMs: number;
  promptMs: number;
  modelMs: number;
  reportsMs: number;
  totalMs: number;
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
  verdict: Verdict;
  explanation: string;
  /** 0..1 */
  confidence: number;
  codexVersion: string;
  transport: TransportName;
  model: string;
  chunks: number;
  usage: CodexUsage;
  timings: ReviewTimings;
  contextFiles: string[];
  promptVersion: string;
  /** Digest of everything that decided this answer (files, context, settings, options): equal digest, same review. */
  inputsDigest: string;
  createdAt: string;
}
