import { relative } from 'node:path';
import { loadSettings, providerEnvNames } from '@nx-codex/core';
import type { SandboxDefault } from './sandbox';

export interface UserCodexSettings {
  /** The default sandbox, with the file and line it came from. */
  sandbox: SandboxDefault;
  /** What the codex process keeps of the environment beyond core's list: the provider's credentials. */
  passEnv: string[];
  /** The CODEX_HOME these settings were read from: the codex run uses the same one. */
  codexHome: string;
}

/**
 * The settings a codex run in `cwd` starts from: $CODEX_HOME/config.toml, and the allowed keys of
 * the workspace's (and the cwd's project's) .codex/config.toml (a repository may only narrow the
 * sandbox). A broken config file throws core's CodexConfigError, which names the file and line.
 */
export function userCodexSettings(workspaceRoot: string, cwd: string = workspaceRoot): UserCodexSettings {
  const { settings, codexHome } = loadSettings({
    workspaceRoot,
    projectRoot: relative(workspaceRoot, cwd) || undefined,
  });
  const passEnv = providerEnvNames(settings);
  const setting = settings.sandbox_mode;
  if (!setting) return { sandbox: {}, passEnv, codexHome };
  const { kind, file, line } = setting.source;
  return {
    sandbox: { mode: setting.value, source: file ? `${file}${line === undefined ? '' : `:${line}`}` : kind },
    passEnv,
    codexHome,
  };
}
