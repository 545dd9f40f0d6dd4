import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { VERDICTS, type ReviewResult } from '../findings/types';
import { REPORT_FILES as REPORTS } from '../reports/write-reports';

/** Every report writeReports writes: a reused result needs all of them, a failed review leaves none. */
const REPORT_FILES = Object.values(REPORTS);

/** The stored result in `outputDir` if it answers the same inputs and all its reports are there. */
export function readPreviousResult(outputDir: string, digest: string): ReviewResult | undefined {
  if (!REPORT_FILES.every((name) => existsSync(join(outputDir, name)))) return undefined;
  const stored = readReviewJson(outputDir);
  // A report written before verdicts were derived (or without findingNotes) is not reused: its verdict could contradict its findings.
  const currentShape = stored !== undefined && VERDICTS.includes(stored.verdict) && Array.isArray(stored.findingNotes);
  return currentShape && stored.inputsDigest === digest ? stored : undefined;
}

export function readReviewJson(outputDir: string): ReviewResult | undefined {
  try {
    const value = JSON.parse(readFileSync(join(outputDir, 'review.json'), 'utf8'));
    return value && value.schemaVersion === 1 && Array.isArray(value.findings) ? (value as ReviewResult) : undefined;
  } catch {
    return undefined;
  }
}

/** Before a new model call: an old report must not survive a failed review and look current. */
export function removeReports(outputDir: string): void {
  for (const name of REPORT_FILES) rmSync(join(outputDir, name), { force: true });
}
