import type { SANDBOX_MODES } from './known-keys';

/** `sandbox_mode`: what codex's own sandbox lets a turn do. */
export type SandboxMode = (typeof SANDBOX_MODES)[number];

/** Where one effective value came from. `line` is 1-based; options have no file. */
export interface SettingSource {
  kind: 'option' | 'workspace' | 'user' | 'profile' | 'default';
  file?: string;
  line?: number;
}

export interface Setting<T> {
  value: T;
  source: SettingSource;
}

/** `approval_policy`: a named policy, or Codex's `{ granular = { … } }` table. */
export type ApprovalPolicyValue =
  'untrusted' | 'on-failure' | 'on-request' | 'never' | { granular: Record<string, unknown> };

/**
 * The settings a codex run will see, each with its provenance. Values left to Codex's own
 * defaults (which depend on its version and the login) are absent rather than guessed.
 */
export interface EffectiveSettings {
  model?: Setting<string>;
  /** Provider id; Codex's default is the built-in `openai`. */
  model_provider: Setting<string>;
  /** The provider's base URL: `model_providers.<id>.base_url`, `openai_base_url`, or the built-in default. */
  base_url?: Setting<string>;
  model_reasoning_effort?: Setting<string>;
  sandbox_mode?: Setting<SandboxMode>;
  approval_policy?: Setting<ApprovalPolicyValue>;
  /** The profile (`-p NAME`) layered over the user config. */
  profile?: Setting<string>;
  /** The merged table (defaults excluded) for anything not listed above. */
  raw: Record<string, unknown>;
  /** Provenance of every leaf of `raw`, by dotted path (`model_providers.local.base_url`). */
  origins: Record<string, SettingSource>;
}

export interface SettingsWarning {
  message: string;
  /** Absent for warnings about executor options. */
  file?: string;
  line?: number;
}

export interface LoadSettingsOptions {
  workspaceRoot: string;
  /** Default: `env.CODEX_HOME`, else `~/.codex`. */
  codexHome?: string;
  /** Default: process.env. Only CODEX_HOME and HOME/USERPROFILE are read. */
  env?: Record<string, string | undefined>;
  /** Executor options as Codex config keys (dotted keys allowed, `undefined` values ignored). */
  options?: Record<string, unknown>;
  /** `-p NAME`: layers `$CODEX_HOME/NAME.config.toml` over the user config. */
  profile?: string;
  /**
   * A project directory below the workspace root: its `.codex/config.toml` (if any) is layered over
   * the workspace's, as Codex does for trusted projects between the repo root and the cwd.
   */
  projectRoot?: string;
  /**
   * Pass every key of the repository's .codex/config.toml and of the executor options to Codex, as
   * Codex's own `--trust` does. Only ever from the user's command line (TRUST_OPTION); without it,
   * keys off the allow-list (repository-keys.ts) are refused.
   */
  trustRepositoryConfig?: boolean;
}

/** A repository setting that was not passed to Codex, and why. */
export interface RefusedSetting {
  /** Top-level key, e.g. `mcp_servers`. */
  key: string;
  reason: string;
  file?: string;
  line?: number;
}

/** A config file that was looked for, and whether it was there. */
export interface ConfigFileInfo {
  kind: 'user' | 'profile' | 'workspace';
  path: string;
  exists: boolean;
}

export interface LoadedSettings {
  settings: EffectiveSettings;
  /**
   * The CODEX_HOME these settings were read from (absolute): the option, CODEX_HOME, else ~/.codex.
   * Resolved here once; a codex run with these settings must use this folder (CodexCallOptions.codexHome).
   */
  codexHome: string;
  warnings: SettingsWarning[];
  files: ConfigFileInfo[];
  /** Repository settings kept from Codex (each also has a warning). */
  refused: RefusedSetting[];
}
