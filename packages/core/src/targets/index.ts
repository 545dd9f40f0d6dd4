export type { CodexTargetOptions } from './codex-target-options';
export { commandLineOverrides, keepCommandLineOnly } from './command-line-only';
export type { TaskContextLike } from './command-line-only';
export * from './target-definitions';
export { DEFAULT_OUTPUT_ROOTS, OutputPathError, outputPathOption, resolveOutputDir } from './output-path';
export { checkChangesCacheKey, offlineWithoutScenario } from './cache-key-check';
