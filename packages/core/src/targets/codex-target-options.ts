/**
 * The options every nx-codex target shares (the review and the test generation): which files,
 * how big a prompt may be, and which Codex settings to use. Each executor's schema.json describes them.
 */
import type { SecretScanOptions } from '../secrets/options';

/** disableSecretRules and allowSecretPaths come from SecretScanOptions (every target sends file contents). */
export interface CodexTargetOptions extends SecretScanOptions {
  scope?: 'project' | 'changes';
  base?: string;
  head?: string;
  include?: string[];
  exclude?: string[];
  maxFileBytes?: number;
  maxPromptTokens?: number;
  instructions?: string;
  model?: string;
  profile?: string;
  reasoningEffort?: string;
  config?: Record<string, unknown>;
  /**
   * Pass the repository's Codex settings (.codex/config.toml, `config`) that are off core's
   * allow-list. Honoured from the command line only (keepCommandLineOnly).
   */
  trustCodexConfig?: boolean;
  codexPath?: string;
  timeoutSeconds?: number;
  maxRetries?: number;
}
