export type { CodexTargetOptions } from './codex-target-options';
