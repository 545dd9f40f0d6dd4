'use strict';
// A CODEX_HOME whose config.toml points codex at tools/local-model, offline-safe: analytics and
// plugins off (else DNS lookups of chatgpt hosts and a git ls-remote to GitHub), no endless
// reconnects, no retries (see tools/local-model/README.md).
const fs = require('node:fs');
const path = require('node:path');
const { makeTempDir } = require('./temp-dir');

const API_KEY_ENV = 'LOCAL_MODEL_KEY';

/**
 * @typedef {{ model?: string, apiKey?: string, extraToml?: string }} OfflineConfigOptions
 */

/**
 * The config.toml text: provider "local" on `baseUrl` (e.g. http://127.0.0.1:PORT/v1), analytics and
 * plugins off (no DNS, no git ls-remote), no retries, approval_policy never, model gpt-5.5.
 * With `apiKey`, the provider reads it from $LOCAL_MODEL_KEY (codex then sends a Bearer header).
 * `extraToml` goes after the top-level keys and before the first table, so it may hold top-level
 * keys (e.g. `sandbox_mode = "workspace-write"`) and tables other than analytics, features and
 * model_providers.local (set those with `-c features.x=true` instead: TOML forbids a table twice).
 * @param {string} baseUrl
 * @param {OfflineConfigOptions} [options]
 * @returns {string}
 */
function offlineCodexConfigToml(baseUrl, options = {}) {
  if (!/^http:\/\/(127\.\d+\.\d+\.\d+|\[::1\]|localhost)(:\d+)?\//.test(baseUrl)) {
    throw new Error(
      `offlineCodexConfigToml: base URL ${JSON.stringify(baseUrl)} is not on the loopback interface; pass the url that startLocalModel() returned`,
    );
  }
  return [
    `model = ${JSON.stringify(options.model ?? 'gpt-5.5')}`,
    'model_provider = "local"',
    'approval_policy = "never"',
    '',
    ...(options.extraToml ? [options.extraToml.trim(), ''] : []),
    '[analytics]',
    'enabled = false',
    '',
    '[features]',
    'plugins = false',
    'shell_snapshot = false',
    'unbounded_connection_retries = false',
    '',
    '[model_providers.local]',
    'name = "local"',
    `base_url = ${JSON.stringify(baseUrl)}`,
    'wire_api = "responses"',
    ...(options.apiKey !== undefined ? [`env_key = "${API_KEY_ENV}"`] : []),
    'request_max_retries = 0',
    'stream_max_retries = 0',
    '',
  ].join('\n');
}

/**
 * A temporary CODEX_HOME holding that config.toml.
 * @param {{ baseUrl: string, extraToml?: string, model?: string, apiKey?: string }} options
 * @returns {{ dir: string, configPath: string, env: { CODEX_HOME: string, LOCAL_MODEL_KEY?: string }, cleanup: () => void }}
 */
function createCodexHome(options) {
  const { dir, cleanup } = makeTempDir('codex-home-');
  const configPath = path.join(dir, 'config.toml');
  fs.writeFileSync(configPath, offlineCodexConfigToml(options.baseUrl, options));
  /** @type {{ CODEX_HOME: string, LOCAL_MODEL_KEY?: string }} */
  const env = { CODEX_HOME: dir };
  if (options.apiKey !== undefined) env[API_KEY_ENV] = options.apiKey;
  return { dir, configPath, env, cleanup };
}

module.exports = { offlineCodexConfigToml, createCodexHome, API_KEY_ENV };
