/** The Nx targets the tools run, as the @nx-codex plugins name them. */
export const REVIEW_TARGET = 'codex-review';
export const GENERATE_TESTS_TARGET = 'codex-generate-tests';

/** How a project gets each target, for the "no such target" error. */
export const HOW_TO_ADD_TARGET: Record<string, string> = {
  [REVIEW_TARGET]: 'nx g @nx-codex/setup:configuration <project> --targets=codex-review',
  [GENERATE_TESTS_TARGET]: 'nx g @nx-codex/setup:configuration <project> --targets=codex-generate-tests',
};
