import { BLOCKING_PRIORITY, type Finding, type ReviewResult, type Verdict } from './types';

/**
 * The report's verdict, from what was reviewed and found, never from the model's own words: a
 * model may call a patch "correct" above its own P0, and zero files are not "correct".
 */
export function deriveVerdict(filesReviewed: readonly string[], findings: readonly Finding[]): Verdict {
  if (filesReviewed.length === 0) return 'nothing-reviewed';
  return findings.some((finding) => finding.priority <= BLOCKING_PRIORITY) ? 'changes-needed' : 'no-blocking-findings';
}

/** The verdict as a report says it: the same words for a whole project and for a change. */
export function verdictText(result: Pick<ReviewResult, 'verdict'>): string {
  switch (result.verdict) {
    case 'changes-needed':
      return 'changes needed';
    case 'nothing-reviewed':
      return 'nothing reviewed';
    default:
      return 'no blocking findings';
  }
}
