import type { ReviewOptions } from './types';

/**
 * The review executor's options as schema.json names them. Nx keeps --base, --head and --exclude
 * for itself in `nx affected`/`run-many`, so the executor's names differ; the old names are
 * aliases (Nx maps them for the executor, but a project.json read directly may still use them).
 */
export interface ReviewExecutorOptions extends Omit<ReviewOptions, 'base' | 'head' | 'exclude'> {
  changesBase?: string;
  changesHead?: string;
  excludeFiles?: string[];
  /** Where the reports go, relative to the workspace root (the target's outputs are `{options.outputPath}`). */
  outputPath?: string;
  /** Set by the `offline` configuration. */
  offline?: boolean;
  localModelScenario?: string;
  /** Aliases of changesBase, changesHead and excludeFiles. */
  base?: string;
  head?: string;
  exclude?: string[];
}

/** The executor's options as core's review takes them, and the offline-demo options apart. */
export function reviewOptionsOf(options: ReviewExecutorOptions): {
  review: ReviewOptions;
  offline?: boolean;
  localModelScenario?: string;
} {
  const {
    changesBase,
    changesHead,
    excludeFiles,
    base,
    head,
    exclude,
    offline,
    localModelScenario,
    outputPath: _outputPath,
    ...rest
  } = options;
  return {
    review: { ...rest, base: changesBase ?? base, head: changesHead ?? head, exclude: excludeFiles ?? exclude },
    offline,
    localModelScenario,
  };
}
