export * from './types';
export { REVIEW_OUTPUT_SCHEMA } from './review-schema';
export type { ReviewAnswer } from './review-schema';
export { parseReviewAnswer, ReviewAnswerError } from './parse-review-answer';
export type { ParseReviewAnswerOptions, ParsedReview } from './parse-review-answer';
export { normaliseFindingPath } from './finding-path';
export { fingerprintFinding, normaliseTitle } from './fingerprint';
export { mergeFindings, sortFindings } from './merge-findings';
export { meetsFailOn, FAIL_ON_VALUES } from './fail-on';
