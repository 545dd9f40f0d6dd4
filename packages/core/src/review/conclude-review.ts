/** The end of a review, fresh or reused: its reports, the summary and GitHub output, the run marker, the failOn gate. */
import { appendFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { meetsFailOn } from '../findings';
import type { ReviewResult } from '../findings/types';
import {
  githubAnnotations,
  renderMarkdown,
  renderSummary,
  REPORT_FILES,
  repositoryPrefix,
  writeReports,
} from '../reports';
import { writeRunMarker } from './run-marker';
import { REVIEW_DEFAULTS, type ReviewOutcome, type ReviewRequest } from './types';

export const reportPaths = (outputDir: string) => Object.values(REPORT_FILES).map((name) => join(outputDir, name));

/** Writes a new result's reports; the timings are completed just before review.json is rendered. */
export function writeFreshReports(request: ReviewRequest, result: ReviewResult, started: number): string[] {
  const reportsStarted = Date.now();
  const written = writeReports(result, request.outputDir, {
    pathPrefix: repositoryPrefix(request.workspaceRoot),
    beforeJson: () => {
      result.timings.reportsMs = Date.now() - reportsStarted;
      result.timings.totalMs = Date.now() - started;
    },
  });
  return Object.values(written);
}

/**
 * Prints the summary, and on GitHub Actions the annotations (through `print`: a workflow command
 * counts only at the start of a line) and the job summary; marks the run for `nx-codex summary`;
 * applies the failOn gate.
 */
export function conclude(
  request: ReviewRequest,
  result: ReviewResult,
  reportFiles: string[],
  reused: boolean,
  log: (line: string) => void,
): ReviewOutcome {
  const env = request.env ?? process.env;
  const reportsDir = relative(request.workspaceRoot, request.outputDir) || '.';
  // The summary sanitises the model's text itself and may colour its own words: it goes to the log as it is.
  for (const line of renderSummary(result, { reportPath: join(reportsDir, REPORT_FILES.markdown) }).split('\n'))
    request.log?.(line);
  log(`reports: ${reportsDir}/review.{json,md,sarif,rdjson}${reused ? ' (kept from the last review)' : ''}`);
  if (env.GITHUB_ACTIONS === 'true') {
    const print = request.print ?? ((line: string) => process.stdout.write(`${line}\n`));
    for (const line of githubAnnotations(result, { pathPrefix: repositoryPrefix(request.workspaceRoot) })) print(line);
  }
  // A project with nothing to review (the usual case under scope: changes) would only add an empty section.
  if (env.GITHUB_STEP_SUMMARY && result.verdict !== 'nothing-reviewed')
    appendStepSummary(env.GITHUB_STEP_SUMMARY, result, log);
  writeRunMarker(request.outputDir, result, reused, env);
  return {
    result,
    reused,
    gateFailed: meetsFailOn(result.findings, request.failOn ?? REVIEW_DEFAULTS.failOn),
    reportFiles,
  };
}

/** GitHub's job summary: the project's review.md, appended (other steps and projects write there too). */
function appendStepSummary(file: string, result: ReviewResult, log: (line: string) => void): void {
  try {
    appendFileSync(file, `${renderMarkdown(result)}\n`);
  } catch (error) {
    log(`warning: cannot append the job summary to GITHUB_STEP_SUMMARY (${file}): ${(error as Error).message}`);
  }
}
