import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ReviewResult } from '../findings/types';
import { readReviewJson } from './previous-result';
import { readRunMarkers } from './run-marker';

/** Where a project's report in this run came from. */
export type ReportSource = 'reviewed' | 'reused' | 'nx-cache';

export interface RunReport {
  project: string;
  /** Absent when the project has no readable review.json (its review failed or did not run). */
  result?: ReviewResult;
  source?: ReportSource;
}

/**
 * The reports of one Nx run: every project folder under `reportsRoot` (dist/codex-review), or the
 * named projects, with where each report came from (see run-marker.ts).
 */
export function readRunReports(reportsRoot: string, projects?: readonly string[]): RunReport[] {
  const markers = readRunMarkers(reportsRoot);
  const names = projects ?? projectFolders(reportsRoot);
  return names.map((project) => {
    const result = readReviewJson(join(reportsRoot, project));
    if (!result) return { project };
    const marker = markers.get(result.project);
    const ran =
      marker !== undefined && marker.createdAt === result.createdAt && marker.inputsDigest === result.inputsDigest;
    return { project, result, source: ran ? (marker.reused ? 'reused' : 'reviewed') : 'nx-cache' };
  });
}

function projectFolders(reportsRoot: string): string[] {
  try {
    return readdirSync(reportsRoot, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
