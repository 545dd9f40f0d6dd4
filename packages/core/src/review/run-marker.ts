import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ReviewResult } from '../findings/types';

/**
 * How `nx-codex summary` tells a project reviewed in this run from one Nx restored from its cache:
 * Nx never runs the executor for a cache hit, and restores only the target's outputs
 * (dist/codex-review/<project>). So the executor, when it really runs, leaves a marker beside the
 * outputs, never inside them: a marker that names the review.json now in place means the task ran;
 * no marker (a fresh CI checkout, or one the last summary consumed) means the report came from the
 * cache. The summary removes the markers it read, so the next run starts clean.
 */
export const RUN_MARKER_DIR = '.nx-codex-runs';

export interface RunMarker {
  project: string;
  inputsDigest: string;
  /** review.json's createdAt: a restored older report has another. */
  createdAt: string;
  /** The executor ran but reused its previous report (same inputs, no model call). */
  reused: boolean;
  /** Nx's hash of the task (NX_TASK_HASH), when Nx gave one. */
  taskHash?: string;
  writtenAt: string;
}

/** `dist/codex-review/.nx-codex-runs/<project>.json` for an output folder `dist/codex-review/<project>`. */
export function runMarkerPath(outputDir: string, project: string): string {
  return join(dirname(outputDir), RUN_MARKER_DIR, `${encodeURIComponent(project)}.json`);
}

export function writeRunMarker(
  outputDir: string,
  result: ReviewResult,
  reused: boolean,
  env: Record<string, string | undefined>,
): void {
  const file = runMarkerPath(outputDir, result.project);
  mkdirSync(dirname(file), { recursive: true });
  const marker: RunMarker = {
    project: result.project,
    inputsDigest: result.inputsDigest,
    createdAt: result.createdAt,
    reused,
    ...(env.NX_TASK_HASH ? { taskHash: env.NX_TASK_HASH } : {}),
    writtenAt: new Date().toISOString(),
  };
  writeFileSync(file, `${JSON.stringify(marker, null, 2)}\n`);
}

/** The markers under `reportsRoot` (dist/codex-review), by project. */
export function readRunMarkers(reportsRoot: string): Map<string, RunMarker> {
  const dir = join(reportsRoot, RUN_MARKER_DIR);
  const markers = new Map<string, RunMarker>();
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return markers;
  }
  for (const name of names) {
    try {
      const marker = JSON.parse(readFileSync(join(dir, name), 'utf8')) as RunMarker;
      if (typeof marker.project === 'string') markers.set(marker.project, marker);
    } catch {
      // A torn or foreign file says nothing about this run.
    }
  }
  return markers;
}

export function removeRunMarkers(reportsRoot: string): void {
  rmSync(join(reportsRoot, RUN_MARKER_DIR), { recursive: true, force: true });
}
