import { relative } from 'node:path';
import { loadSettings } from '@nx-codex/core';
import type { SandboxDefault } from './sandbox';

/**
 * The user's default sandbox for a codex run in `cwd`: `sandbox_mode` from $CODEX_HOME/config.toml,
 * the workspace's (and the cwd's project's) .codex/config.toml, with the file and line it came from.
 * A broken config file throws core's CodexConfigError, which names the file and line.
 */
export function userSandboxDefault(workspaceRoot: string, cwd: string = workspaceRoot): SandboxDefault {
  const { settings } = loadSettings({ workspaceRoot, projectRoot: relative(workspaceRoot, cwd) || undefined });
  const setting = settings.sandbox_mode;
  if (!setting) return {};
  const { kind, file, line } = setting.source;
  return { mode: setting.value, source: file ? `${file}${line === undefined ? '' : `:${line}`}` : kind };
}
