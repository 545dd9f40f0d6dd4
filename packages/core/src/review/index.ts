export { runReview } from './run-review';
export { prepareReview, type PreparedReview } from './prepare-review';
export { reviewStatus, type ReviewStatus } from './status';
export { readReviewJson } from './previous-result';
export { buildReviewPrompt, PROMPT_VERSION } from './prompt';
export { describeEvent } from './progress';
export * from './types';
export { readRunMarkers, removeRunMarkers, runMarkerPath, RUN_MARKER_DIR, type RunMarker } from './run-marker';
export { readRunReports, type RunReport, type ReportSource } from './read-run-reports';
