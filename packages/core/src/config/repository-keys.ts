/**
 * The trust boundary for Codex settings that come from the repository under review (its
 * `.codex/config.toml`, the executor's `config`/`model` options in project.json or nx.json) or from
 * an MCP caller's `config`: an allow-list, not a deny-list. A key is passed to Codex only when it is
 * listed here; every other key is refused with the reason below, unless the user gives the trust
 * option on the command line (see README, "Security" > "Trust").
 *
 * Codex itself ignores a project's `.codex/config.toml` unless the project is trusted (0.169 prints
 * "Untrusted project-local configuration is disabled" and skips it); passing its keys as `-c` flags
 * would bypass that rule, so nx-codex keeps it here instead.
 * Decided key by key over KNOWN_TOP_LEVEL_KEYS (Codex 0.169.0): a key is safe when it only picks the
 * model or shapes its answer (effort, verbosity, summaries, compaction) and can neither start a
 * process, widen the sandbox, change the environment, redirect traffic, read or write files by
 * path, nor replace the instructions.
 */

/** Top-level keys a repository or an MCP caller may set, with the values allowed when not any. */
const ALLOWED: Readonly<Record<string, ((value: unknown) => boolean) | true>> = {
  model: true,
  review_model: true,
  model_reasoning_effort: true,
  plan_mode_reasoning_effort: true,
  model_reasoning_summary: true,
  model_verbosity: true,
  model_context_window: true,
  model_auto_compact_token_limit: true,
  model_post_turn_compact_threshold_percent: true,
  personality: true,
  service_tier: true,
  hide_agent_reasoning: true,
  show_raw_agent_reasoning: true,
  tool_output_token_limit: true,
  project_doc_max_bytes: true,
  suppress_unstable_features_warning: true,
  disable_paste_burst: true,
  // Narrowing the sandbox is fine; anything wider is a permission the repository cannot grant itself.
  sandbox_mode: (value) => value === 'read-only',
};

const STARTS_A_PROCESS = 'it can start a process outside the sandbox';
const WIDENS_THE_SANDBOX = 'it widens what Codex may do (sandbox, approvals, permissions)';
const REDIRECTS_TRAFFIC = 'it changes where Codex sends requests or which credentials it uses';
const REPLACES_INSTRUCTIONS = 'it replaces or adds instructions, or makes Codex read files by path';
const WRITES_FILES = 'it makes Codex write files outside the project';

/** Why a known key is refused; keys not listed get the general reason. */
const REASONS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    [
      'mcp_servers',
      'notify',
      'hooks',
      'js_repl_node_path',
      'js_repl_node_module_dirs',
      'file_opener',
      'plugins',
      'marketplaces',
      'skills',
      'apps',
      'agents',
      'allow_login_shell',
      'computer_use',
      'browser_use',
      'desktop',
      'orchestrator',
    ].map((key) => [key, STARTS_A_PROCESS]),
  ),
  ...Object.fromEntries(
    [
      'sandbox_mode',
      'sandbox_workspace_write',
      'permissions',
      'default_permissions',
      'approval_policy',
      'approvals_reviewer',
      'auto_review',
      'projects',
      'windows',
      'allow_symlinked_codex_home',
    ].map((key) => [key, WIDENS_THE_SANDBOX]),
  ),
  shell_environment_policy: "it changes the environment Codex's shell inherits (secrets included)",
  ...Object.fromEntries(
    [
      'model_provider',
      'model_providers',
      'openai_base_url',
      'chatgpt_base_url',
      'oss_provider',
      'cli_auth_credentials_store',
      'forced_login_method',
      'forced_chatgpt_workspace_id',
      'mcp_oauth_callback_port',
      'mcp_oauth_callback_url',
      'mcp_oauth_credentials_store',
      'mcp_enterprise_managed_auth',
      'analytics',
      'feedback',
      'otel',
      'check_for_update_on_startup',
      'responses_api_metadata',
      'web_search',
      'tools',
      'cloud',
      'apps_mcp_product_sku',
      'realtime',
      'audio',
    ].map((key) => [key, REDIRECTS_TRAFFIC]),
  ),
  ...Object.fromEntries(
    [
      'model_instructions_file',
      'instructions',
      'developer_instructions',
      'compact_prompt',
      'model_catalog_json',
      'project_doc_fallback_filenames',
      'project_root_markers',
      'include_apps_instructions',
      'include_collaboration_mode_instructions',
      'include_environment_context',
      'include_environment_context_time',
      'include_permissions_instructions',
    ].map((key) => [key, REPLACES_INSTRUCTIONS]),
  ),
  ...Object.fromEntries(
    ['log_dir', 'sqlite_home', 'history', 'ghost_snapshot', 'memories'].map((key) => [key, WRITES_FILES]),
  ),
  features: 'it turns Codex tools and behaviours on or off (the shell among them)',
  profile: "it picks settings from the user's own files",
  profiles: "it picks settings from the user's own files",
};

const GENERAL_REASON = "it is not on nx-codex's list of settings a repository may set";

/** Why `experimental_*` keys are refused: endpoints, prompt files, thread stores. */
function experimentalReason(key: string): string {
  if (/base_url|endpoint/.test(key)) return REDIRECTS_TRAFFIC;
  if (/prompt|instructions|startup_context/.test(key)) return REPLACES_INSTRUCTIONS;
  return GENERAL_REASON;
}

/** The top-level keys a repository may set (for docs and tests). */
export const REPOSITORY_ALLOWED_KEYS: readonly string[] = Object.keys(ALLOWED);

/**
 * Why Codex must not take `key = value` from a repository or an MCP caller, or undefined when it may.
 * Only the top-level key decides (a table such as `[mcp_servers.x]` is refused as a whole).
 */
export function untrustedKeyRefusal(key: string, value: unknown): string | undefined {
  const rule = ALLOWED[key];
  if (rule === true || (rule && rule(value))) return undefined;
  if (key === 'sandbox_mode') return `${WIDENS_THE_SANDBOX}: a repository may only narrow it to "read-only"`;
  if (key.startsWith('experimental_')) return experimentalReason(key);
  return REASONS[key] ?? GENERAL_REASON;
}
