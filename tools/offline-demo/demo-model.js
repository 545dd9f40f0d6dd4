'use strict';
// The scripted model of the offline demo and the CODEX_HOME that points Codex at it.
const { existsSync, mkdirSync, readFileSync, writeFileSync } = require('node:fs');
const { join, resolve } = require('node:path');

/**
 * Starts tools/local-model with the scenario, on the port of the previous run when it is free (the
 * review's cache key holds CODEX_HOME's config.toml, base URL included), and writes that
 * config.toml into a CODEX_HOME kept under node_modules/.cache, rewritten only when it changes.
 * @param {string} workspaceRoot
 * @param {{ target: string, scenario: string }} demo
 * @returns {Promise<{ url: string, codexHome: string, stop(): Promise<void> }>}
 */
async function startDemoModel(workspaceRoot, demo) {
  // Loaded here, not at the top: Nx loads this plugin for every command of the repository.
  const { offlineCodexConfigToml, startLocalModel } = require('../testing');
  const codexHome = join(workspaceRoot, 'node_modules/.cache/nx-codex-offline-demo', demo.target);
  const configPath = join(codexHome, 'config.toml');
  const previous = existsSync(configPath) ? readFileSync(configPath, 'utf8') : '';
  const previousPort = /base_url = "http:\/\/127\.0\.0\.1:(\d+)\/v1"/.exec(previous)?.[1];
  const scenario = resolve(workspaceRoot, demo.scenario);
  const model = await startLocalModel({ scenario, port: Number(previousPort ?? 0) }).catch((error) => {
    if (previousPort === undefined) throw error;
    return startLocalModel({ scenario }); // the previous port is taken: a new one (the review's cache key changes once)
  });
  const config = offlineCodexConfigToml(model.url);
  if (config !== previous) {
    mkdirSync(codexHome, { recursive: true });
    writeFileSync(configPath, config);
  }
  return { url: model.url, codexHome, stop: () => model.stop() };
}

module.exports = { startDemoModel };
