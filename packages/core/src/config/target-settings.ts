import type { CodexTargetOptions } from '../targets/codex-target-options';
import { loadSettings } from './load-settings';
import type { LoadedSettings } from './types';

/** What of a target's options decides its Codex settings. */
export type TargetSettingsOptions = Pick<
  CodexTargetOptions,
  'model' | 'profile' | 'reasoningEffort' | 'config' | 'trustCodexConfig'
>;

/**
 * The Codex settings of one run of an nx-codex target, read one way for the run itself and for
 * what is checked before it (the offline demo's provider): the target's `model`,
 * `reasoningEffort` and `config` as executor options, its profile, and the repository's keys off
 * the allow-list only when trusted on the command line. `projectRoot` layers the project's
 * .codex/config.toml (test generation); without it only the workspace's is read (the review).
 */
export function loadTargetSettings(run: {
  workspaceRoot: string;
  projectRoot?: string;
  env: NodeJS.ProcessEnv;
  options: TargetSettingsOptions;
}): LoadedSettings {
  const { options } = run;
  return loadSettings({
    workspaceRoot: run.workspaceRoot,
    ...(run.projectRoot !== undefined ? { projectRoot: run.projectRoot } : {}),
    env: run.env,
    profile: options.profile,
    options: { model: options.model, model_reasoning_effort: options.reasoningEffort, ...options.config },
    trustRepositoryConfig: options.trustCodexConfig === true,
  });
}
