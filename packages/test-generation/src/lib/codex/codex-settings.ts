import type { EffectiveSettings, LoadedSettings } from '@nx-codex/core';
import type { GenerateRequest } from '../run/types';

/** Keys this run decides itself: Codex must write files (workspace-write) and never wait for an approval. */
const FORCED_KEYS = ['sandbox_mode', 'approval_policy', 'model', 'profile'];

export interface CodexRunSettings {
  /** The effective model, for the report and token counts (undefined: Codex's own default). */
  model?: string;
  /** `-c` overrides: executor options and the workspace's .codex/config.toml, minus forced keys. */
  config: Record<string, unknown>;
  /** Lines for the log: config warnings, and settings this run overrides. */
  notices: string[];
  /** Variables the codex process keeps beyond core's scrubbed list: the provider's credentials. */
  passEnv: string[];
  /** The CODEX_HOME the settings were read from: every codex call of the run uses it. */
  codexHome: string;
}

/**
 * Settings as in codex-review: options over the workspace's .codex/config.toml over the user's
 * config (with provenance). A config error (bad TOML, unknown profile) throws with file and line.
 */
export async function resolveCodexSettings(
  request: GenerateRequest,
  env: NodeJS.ProcessEnv,
): Promise<CodexRunSettings> {
  const { loadTargetSettings, codexConfigOverrides, describeSource, providerEnvNames } = await import('@nx-codex/core');
  // Keys off core's allow-list are refused (with a warning) unless trusted on the command line.
  const loaded: LoadedSettings = loadTargetSettings({
    workspaceRoot: request.workspaceRoot,
    projectRoot: request.projectRoot,
    env,
    options: request,
  });
  const notices = loaded.warnings.map((w) => `warning: ${w.message}`);
  const settings: EffectiveSettings = loaded.settings;
  for (const key of ['sandbox_mode', 'approval_policy'] as const) {
    const setting = settings[key];
    const wanted = key === 'sandbox_mode' ? 'workspace-write' : 'never';
    if (setting && setting.value !== wanted) {
      notices.push(
        `${key} = ${JSON.stringify(setting.value)} (${describeSource(setting.source, { workspaceRoot: request.workspaceRoot })}) is not used: test generation runs Codex with ${key} ${wanted}`,
      );
    }
  }
  const config = codexConfigOverrides(settings);
  for (const key of FORCED_KEYS) delete config[key];
  return {
    model: settings.model?.value,
    config,
    notices,
    passEnv: providerEnvNames(settings),
    codexHome: loaded.codexHome,
  };
}
