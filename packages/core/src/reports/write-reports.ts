import { mkdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { renameOver, writeTemporary } from '../files/write-file-atomic';
import type { ReviewResult } from '../findings/types';
import { renderMarkdown } from './render-markdown';
import { renderRdjson } from './render-rdjson';
import { renderSarif } from './render-sarif';
import type { ReportOptions } from './report-options';

export interface ReportPaths {
  json: string;
  markdown: string;
  sarif: string;
  rdjson: string;
}

export interface WriteReportsOptions extends ReportOptions {
  /** Called once before anything is rendered: the last moment to complete the result (timings). */
  beforeJson?: (result: ReviewResult) => void;
}

export const REPORT_FILES = {
  json: 'review.json',
  markdown: 'review.md',
  sarif: 'review.sarif',
  rdjson: 'review.rdjson',
} as const;

/**
 * Writes review.json (the canonical result), review.md, review.sarif and review.rdjson into
 * outDir. Everything is rendered first; then each report goes to a temporary file in the same
 * folder, and only when all are written are they renamed into place: a report is whole or absent.
 */
export function writeReports(result: ReviewResult, outDir: string, options: WriteReportsOptions = {}): ReportPaths {
  options.beforeJson?.(result);
  const contents: Record<keyof ReportPaths, string> = {
    json: `${JSON.stringify(result, null, 2)}\n`,
    markdown: renderMarkdown(result),
    sarif: renderSarif(result, options),
    rdjson: renderRdjson(result, options),
  };
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new Error(
      `Cannot create the report folder ${outDir}: ${(error as Error).message}. Choose an outputPath inside the workspace that can be written.`,
    );
  }
  const keys = Object.keys(REPORT_FILES) as Array<keyof ReportPaths>;
  const paths = Object.fromEntries(
    keys.map((key) => [key, path.join(outDir, REPORT_FILES[key])]),
  ) as unknown as ReportPaths;
  const staged: Array<{ temporary: string; target: string }> = [];
  try {
    for (const key of keys)
      staged.push({
        temporary: writeTemporary(paths[key], contents[key], `the report ${paths[key]}`),
        target: paths[key],
      });
    while (staged.length > 0) {
      const next = staged[0];
      renameOver(next.temporary, next.target, `the report ${next.target}`);
      staged.shift();
    }
  } finally {
    for (const { temporary } of staged) rmSync(temporary, { force: true });
  }
  return paths;
}
