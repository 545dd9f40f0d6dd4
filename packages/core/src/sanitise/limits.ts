/**
 * Caps on what a model's answer may put in a report. A finding's title is one line a human reads
 * in a list; its body a few paragraphs. GitHub refuses a PR comment over 65,536 characters and
 * shows at most 10 annotations of each kind per step, so more findings than a person will read
 * only hide the important ones.
 */
export const LIMITS = {
  titleChars: 200,
  bodyChars: 4_000,
  explanationChars: 4_000,
  /** Findings kept per review; beyond, the lowest priorities are dropped (and counted in review.json). */
  findings: 100,
  /** GitHub's limit for an issue or PR comment. */
  commentChars: 65_536,
} as const;
