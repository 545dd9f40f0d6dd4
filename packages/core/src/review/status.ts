import { join } from 'node:path';
import type { ReviewResult } from '../findings/types';
import { readReviewInputs } from './prepare-review';
import { readReviewJson } from './previous-result';
import type { ReviewRequest } from './types';

export interface ReviewStatus {
  report?: ReviewResult;
  /** The report answers the project as it is now (same files, context, settings and options). */
  current: boolean;
  reason: string;
}

/** Whether the last report in `request.outputDir` is still current, without calling the model. */
export async function reviewStatus(request: ReviewRequest): Promise<ReviewStatus> {
  const report = readReviewJson(request.outputDir);
  if (!report) return { current: false, reason: `no review yet (${join(request.outputDir, 'review.json')} not found)` };
  const { digest } = await readReviewInputs(request);
  return digest === report.inputsDigest
    ? { report, current: true, reason: `current: reviewed ${report.createdAt}, nothing changed since` }
    : {
        report,
        current: false,
        reason: `stale: files, context, settings or options changed since ${report.createdAt}`,
      };
}
