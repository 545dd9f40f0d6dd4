import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { fingerprintFinding } from './fingerprint';
import { REVIEW_OUTPUT_SCHEMA, type ReviewAnswer } from './review-schema';
import { normaliseFindingPath } from './finding-path';
import type { Finding, Priority, Verdict } from './types';

export interface ParseReviewAnswerOptions {
  /** Workspace-relative paths of the files that were in the prompt. */
  allowedFiles: Iterable<string>;
  /** Absolute workspace root: absolute paths under it become workspace-relative. */
  workspaceRoot?: string;
}

export interface ParsedReview {
  findings: Finding[];
  verdict: Verdict;
  explanation: string;
  /** 0..1 */
  confidence: number;
  /** What was kept or dropped with a doubt, one sentence each (findings outside the prompt, paths outside the workspace). */
  warnings: string[];
}

/** The answer does not match REVIEW_OUTPUT_SCHEMA (Codex itself never checks it). */
export class ReviewAnswerError extends Error {
  constructor(readonly issues: string[]) {
    super(`Codex's review answer does not match the review schema:\n${issues.map((issue) => `  - ${issue}`).join('\n')}`);
    this.name = 'ReviewAnswerError';
  }
}

let validator: ValidateFunction | undefined;

/**
 * Validates Codex's answer (JSON text or parsed value) and turns it into Findings.
 * Decisions: a finding on a file that was not in the prompt is kept (Codex may read other files
 * and find a real problem there) and named in `warnings`; a finding whose path leaves the
 * workspace cannot be reported, so it is dropped and named in `warnings`. A leading "[P1]" tag
 * in a title is removed (the priority is a field of its own).
 */
export function parseReviewAnswer(value: unknown, options: ParseReviewAnswerOptions): ParsedReview {
  const answer = toJson(value);
  validator ??= new Ajv({ allErrors: true, strict: true }).compile(REVIEW_OUTPUT_SCHEMA as object);
  if (!validator(answer)) throw new ReviewAnswerError((validator.errors ?? []).map(describeAjvError));
  const review = answer as ReviewAnswer;

  const issues = semanticIssues(review);
  if (issues.length > 0) throw new ReviewAnswerError(issues);

  const allowed = new Set(options.allowedFiles);
  const warnings: string[] = [];
  const findings: Finding[] = [];
  review.findings.forEach((raw, index) => {
    const title = raw.title.replace(/^\s*\[P[0-3]\]\s*/i, '').trim();
    const file = normaliseFindingPath(raw.code_location.file_path, allowed, options.workspaceRoot);
    if (file === undefined) {
      warnings.push(`Dropped finding /findings/${index} "${title}": its path "${raw.code_location.file_path}" is outside the workspace.`);
      return;
    }
    if (!allowed.has(file)) warnings.push(`Kept finding /findings/${index} "${title}" on ${file}, a file that was not among the reviewed files.`);
    const { start, end } = raw.code_location.line_range;
    findings.push({
      title,
      body: raw.body.trim(),
      priority: raw.priority as Priority,
      confidence: raw.confidence_score,
      file,
      startLine: start,
      endLine: end,
      fingerprint: fingerprintFinding(file, start, end, title),
    });
  });
  return {
    findings,
    verdict: review.overall_correctness === 'patch is correct' ? 'correct' : 'incorrect',
    explanation: review.overall_explanation.trim(),
    confidence: review.overall_confidence_score,
    warnings,
  };
}

function toJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  // Strict structured output is bare JSON; a model without it may still wrap the answer in a fence.
  const text = value.trim().replace(/^```(?:json)?\s*\n([\s\S]*?)\n```$/, '$1');
  try {
    return JSON.parse(text);
  } catch (error) {
    const preview = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    throw new ReviewAnswerError([`(root): the answer is not JSON (${(error as Error).message}): ${JSON.stringify(preview)}`]);
  }
}

function semanticIssues(review: ReviewAnswer): string[] {
  const issues: string[] = [];
  const inUnitRange = (value: number, pointer: string) => {
    if (!(value >= 0 && value <= 1)) issues.push(`${pointer}: must be between 0 and 1, got ${value}`);
  };
  review.findings.forEach((finding, index) => {
    const at = `/findings/${index}`;
    if (finding.title.trim() === '') issues.push(`${at}/title: must not be empty`);
    if (finding.code_location.file_path.trim() === '') issues.push(`${at}/code_location/file_path: must not be empty`);
    const { start, end } = finding.code_location.line_range;
    if (start < 1) issues.push(`${at}/code_location/line_range/start: must be at least 1, got ${start}`);
    if (end < start) issues.push(`${at}/code_location/line_range/end: must be at least start (${start}), got ${end}`);
    if (!(finding.priority >= 0 && finding.priority <= 3)) issues.push(`${at}/priority: must be 0, 1, 2 or 3, got ${finding.priority}`);
    inUnitRange(finding.confidence_score, `${at}/confidence_score`);
  });
  inUnitRange(review.overall_confidence_score, '/overall_confidence_score');
  return issues;
}

function describeAjvError(error: ErrorObject): string {
  const pointer = error.instancePath || '(root)';
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `${pointer}: unexpected property "${String(params.additionalProperty)}"`;
  if (error.keyword === 'required') return `${pointer}: missing required property "${String(params.missingProperty)}"`;
  if (error.keyword === 'enum') return `${pointer}: must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${pointer}: ${error.message ?? error.keyword}`;
}
