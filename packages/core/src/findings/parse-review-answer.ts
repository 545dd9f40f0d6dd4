import { issueLines, schemaIssues } from '../codex/schema-check';
import { fingerprintFinding } from './fingerprint';
import { REVIEW_OUTPUT_SCHEMA, type ReviewAnswer } from './review-schema';
import { normaliseFindingPath } from './finding-path';
import { limitFinding, noteLabel } from './finding-notes';
import type { Finding, FindingNote, ModelVerdict, Priority } from './types';
import { LIMITS, stripControls } from '../sanitise';
import { truncate } from '../text';

export interface ParseReviewAnswerOptions {
  /** Workspace-relative paths of the files that were in the prompt. */
  allowedFiles: Iterable<string>;
  /** Absolute workspace root: absolute paths under it become workspace-relative. */
  workspaceRoot?: string;
  /** Lines of each reviewed file: a finding's lines are clamped to them. */
  lineCounts?: ReadonlyMap<string, number>;
}

export interface ParsedReview {
  findings: Finding[];
  /** The model's own verdict; the report's verdict is derived from the findings (deriveVerdict). */
  modelVerdict: ModelVerdict;
  explanation: string;
  /** 0..1 */
  confidence: number;
  /** Every finding that was dropped, clamped or cut, and why. */
  notes: FindingNote[];
}

/** The answer does not match REVIEW_OUTPUT_SCHEMA (Codex itself never checks it). */
export class ReviewAnswerError extends Error {
  constructor(readonly issues: string[]) {
    super(`Codex's review answer does not match the review schema:\n${issueLines(issues)}`);
    this.name = 'ReviewAnswerError';
  }
}

/**
 * Validates a review answer that did not come through the Codex client (a stored chunk result: JSON
 * text or parsed value) against REVIEW_OUTPUT_SCHEMA, with the client's own validator, and turns it
 * into Findings (reviewFromAnswer).
 */
export function parseReviewAnswer(value: unknown, options: ParseReviewAnswerOptions): ParsedReview {
  const answer = toJson(value);
  const issues = schemaIssues(REVIEW_OUTPUT_SCHEMA, answer);
  if (issues.length > 0) throw new ReviewAnswerError(issues);
  return reviewFromAnswer(answer as ReviewAnswer, options);
}

/**
 * Turns an answer that fits REVIEW_OUTPUT_SCHEMA (the client's `structured`, validated against it
 * there) into Findings, after the checks the schema cannot express. The answer is untrusted: a finding on a file that was not reviewed (Codex saw only the prompt,
 * so it cannot know that file) or whose path leaves the workspace is dropped; titles and bodies
 * lose control characters and are capped, lines are clamped to the file (limitFinding). Each
 * change is a note, which review.json keeps. A leading "[P1]" tag in a title is removed (the
 * priority is a field of its own).
 */
export function reviewFromAnswer(review: ReviewAnswer, options: ParseReviewAnswerOptions): ParsedReview {
  const issues = semanticIssues(review);
  if (issues.length > 0) throw new ReviewAnswerError(issues);

  const allowed = new Set(options.allowedFiles);
  const notes: FindingNote[] = [];
  const findings: Finding[] = [];
  for (const raw of review.findings) {
    const written = raw.code_location.file_path;
    const { start, end } = raw.code_location.line_range;
    const file = normaliseFindingPath(written, allowed, options.workspaceRoot);
    if (file === undefined || !allowed.has(file)) {
      const outside = file === undefined;
      notes.push({
        action: 'dropped',
        reason: outside ? 'outside-workspace' : 'file-not-reviewed',
        finding: noteLabel(raw.title, written, start),
        detail: outside ? 'the path is outside the workspace' : 'the file was not among the reviewed files',
      });
      continue;
    }
    const limited = limitFinding(
      { title: raw.title, body: raw.body, file, start, end },
      options.lineCounts?.get(file),
      notes,
    );
    findings.push({
      ...limited,
      priority: raw.priority as Priority,
      confidence: raw.confidence_score,
      file,
      fingerprint: fingerprintFinding(file, limited.startLine, limited.endLine, limited.title),
    });
  }
  return {
    findings,
    modelVerdict: review.overall_correctness,
    explanation: truncate(
      stripControls(review.overall_explanation, { multiline: true }).trim(),
      LIMITS.explanationChars,
    ),
    confidence: review.overall_confidence_score,
    notes,
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
    throw new ReviewAnswerError([
      `(root): the answer is not JSON (${(error as Error).message}): ${JSON.stringify(preview)}`,
    ]);
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
    if (!(finding.priority >= 0 && finding.priority <= 3))
      issues.push(`${at}/priority: must be 0, 1, 2 or 3, got ${finding.priority}`);
    inUnitRange(finding.confidence_score, `${at}/confidence_score`);
  });
  inUnitRange(review.overall_confidence_score, '/overall_confidence_score');
  return issues;
}
