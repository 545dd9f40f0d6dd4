/**
 * The settings Codex 0.169.0 knows, measured against the real binary
 * (node_modules/@openai/codex, `codex-cli 0.169.0`) on 2026-11-23:
 *
 * 1. Candidates: the field names of `struct ConfigToml` found in the binary's strings (it says
 *    "struct ConfigToml with 106 elements"; the names sit concatenated after "ConfigToml"), the
 *    packaged defaults embedded next to them, the properties of `Config` in
 *    `codex app-server generate-json-schema --out DIR` (v2/ConfigReadResponse.json), and about 250
 *    names from Codex's docs and older configs.
 * 2. Each candidate was written as `[NAME]` into an otherwise empty $CODEX_HOME/config.toml and
 *    run with `codex exec --strict-config`: "unknown configuration field `NAME`" means unknown;
 *    anything else (a type error, or a run) means Codex deserialised it. 105 names passed; the
 *    106th field was not found by any candidate (probably flattened or never reached).
 *    `sandbox`, `max_tokens`, `git` (the seed guide's) were among the rejected ones.
 * 3. The same was done for `[model_providers.ID.NAME]` to get the provider keys.
 *
 * Re-measure when the pinned codex version changes.
 */
export const KNOWN_CODEX_VERSION = '0.169.0';

export const KNOWN_TOP_LEVEL_KEYS: ReadonlySet<string> = new Set([
  'agents',
  'allow_login_shell',
  'allow_symlinked_codex_home',
  'analytics',
  'approval_policy',
  'approvals_reviewer',
  'apps',
  'apps_mcp_product_sku',
  'audio',
  'auto_review',
  'background_terminal_max_timeout',
  'browser_use',
  'chatgpt_base_url',
  'check_for_update_on_startup',
  'cli_auth_credentials_store',
  'cloud',
  'compact_prompt',
  'computer_use',
  'default_permissions',
  'desktop',
  'developer_instructions',
  'disable_paste_burst',
  'experimental_compact_prompt_file',
  'experimental_realtime_start_instructions',
  'experimental_realtime_webrtc_call_base_url',
  'experimental_realtime_ws_backend_prompt',
  'experimental_realtime_ws_base_url',
  'experimental_realtime_ws_model',
  'experimental_realtime_ws_startup_context',
  'experimental_thread_store',
  'experimental_thread_store_endpoint',
  'experimental_use_unified_exec_tool',
  'features',
  'feedback',
  'file_opener',
  'forced_chatgpt_workspace_id',
  'forced_login_method',
  'ghost_snapshot',
  'goals',
  'hide_agent_reasoning',
  'history',
  'hooks',
  'include_apps_instructions',
  'include_collaboration_mode_instructions',
  'include_environment_context',
  'include_environment_context_time',
  'include_permissions_instructions',
  'instructions',
  'js_repl_node_module_dirs',
  'js_repl_node_path',
  'log_dir',
  'marketplaces',
  'mcp_enterprise_managed_auth',
  'mcp_oauth_callback_port',
  'mcp_oauth_callback_url',
  'mcp_oauth_credentials_store',
  'mcp_optional_startup_grace_ms',
  'mcp_servers',
  'memories',
  'model',
  'model_auto_compact_token_limit',
  'model_auto_compact_token_limit_scope',
  'model_catalog_json',
  'model_context_window',
  'model_instructions_file',
  'model_post_turn_compact_threshold_percent',
  'model_provider',
  'model_providers',
  'model_reasoning_effort',
  'model_reasoning_summary',
  'model_verbosity',
  'notice',
  'notify',
  'openai_base_url',
  'orchestrator',
  'oss_provider',
  'otel',
  'permissions',
  'personality',
  'plan_mode_reasoning_effort',
  'plugins',
  'profile',
  'profiles',
  'project_doc_fallback_filenames',
  'project_doc_max_bytes',
  'project_root_markers',
  'projects',
  'realtime',
  'responses_api_metadata',
  'review_model',
  'sandbox_mode',
  'sandbox_workspace_write',
  'service_tier',
  'shell_environment_policy',
  'show_raw_agent_reasoning',
  'skills',
  'sqlite_home',
  'suppress_unstable_features_warning',
  'thread_unload_delay_secs',
  'tool_output_token_limit',
  'tool_suggest',
  'tools',
  'tui',
  'web_search',
  'windows',
]);

/** Keys of a `[model_providers.ID]` table that Codex 0.169.0 accepts (same method). */
export const KNOWN_PROVIDER_KEYS: ReadonlySet<string> = new Set([
  'auth',
  'aws',
  'base_url',
  'env_http_headers',
  'env_key',
  'env_key_instructions',
  'experimental_bearer_token',
  'http_headers',
  'name',
  'query_params',
  'request_max_retries',
  'requires_openai_auth',
  'stream_idle_timeout_ms',
  'stream_max_retries',
  'supports_websockets',
  'websocket_connect_timeout_ms',
  'wire_api',
]);

/**
 * Built-in providers. Codex refuses a `[model_providers.X]` table for the reserved ones
 * ("Built-in providers cannot be overridden"); `amazon-bedrock` may change a few keys only.
 * Base URLs as the binary prints them; `openai` takes `openai_base_url` when set (OPENAI_BASE_URL in
 * the environment is no longer read: measured).
 */
export const BUILT_IN_PROVIDERS: Readonly<Record<string, { baseUrl?: string; reserved: boolean }>> = {
  openai: { baseUrl: 'https://api.openai.com/v1', reserved: true },
  ollama: { baseUrl: 'http://localhost:11434/v1', reserved: true },
  lmstudio: { baseUrl: 'http://localhost:1234/v1', reserved: true },
  'amazon-bedrock': { reserved: false },
};

export const DEFAULT_PROVIDER = 'openai';

export const SANDBOX_MODES = ['read-only', 'workspace-write', 'danger-full-access'] as const;

/** The names `approval_policy` accepts, as Codex lists them; `granular` is a table form. */
export const APPROVAL_POLICIES = ['untrusted', 'on-failure', 'on-request', 'never'] as const;

/**
 * Reasoning efforts seen in Codex 0.169.0's model catalog. Codex takes any non-empty string here
 * ("a reasoning effort value advertised by the model"), so an unknown one is only a warning.
 */
export const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max', 'ultra'] as const;

/**
 * Keys from the seed guide that Codex does not have, and what to do instead. Codex ignores them
 * with a warning ("ignoring N unrecognized configuration settings"), `--strict-config` rejects them.
 */
export const SEED_GUIDE_KEYS: Readonly<Record<string, string>> = {
  sandbox:
    '`sandbox` is not a Codex setting, so Codex ignores it: the key is `sandbox_mode` (read-only | workspace-write | danger-full-access). Rename it to `sandbox_mode`.',
  max_tokens:
    '`max_tokens` is not a Codex setting, so Codex ignores it: Codex has no output-token limit to set. Remove it (`model_verbosity = "low"` makes GPT-5 answers shorter, if that was the aim).',
  git: '`[git]` is not a Codex setting, so Codex ignores the whole table: Codex has no git integration to enable and never commits by itself. Remove the table.',
};

/**
 * Keys Codex 0.169.0 ignores in a project's `.codex/config.toml` even when the project is trusted
 * ("Ignored unsupported project-local config keys in …: KEY. If you want these settings to apply,
 * manually set them in your user-level config.toml."). Measured by writing each known key into a
 * trusted project's `.codex/config.toml`. They route traffic or credentials, so a repository must
 * not set them; nx-codex drops them from the workspace layer too (and never passes them on).
 */
export const PROJECT_LOCAL_UNSUPPORTED_KEYS: ReadonlySet<string> = new Set([
  'apps_mcp_product_sku',
  'chatgpt_base_url',
  'experimental_realtime_webrtc_call_base_url',
  'experimental_realtime_ws_base_url',
  'model_provider',
  'model_providers',
  'notify',
  'openai_base_url',
  'otel',
  'profile',
  'profiles',
  'responses_api_metadata',
]);
