export type { CodexTargetOptions } from './codex-target-options';
export { commandLineOverrides, keepCommandLineOnly } from './command-line-only';
export type { TaskContextLike } from './command-line-only';
