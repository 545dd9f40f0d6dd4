'use strict';
/**
 * The offline demo of this repository, as a repository-only Nx plugin (registered in nx.json; no
 * published package contains or loads it). When a command asks for `--configuration=offline` of
 * codex-review or codex-generate-tests, its preTasksExecution hook starts tools/local-model with the
 * scenario that nx.json gives that target (the `offlineScenario` option of the @nx-codex plugin),
 * and points Codex at it for this run only: CODEX_HOME, and NX_CODEX_OFFLINE_MODEL (its URL), which
 * the published executors require before an offline run sends anything. postTasksExecution stops it.
 *
 * The CODEX_HOME and the port stay the same from run to run (node_modules/.cache), because the
 * review target's cache key holds the Codex settings: a second run is then an Nx cache hit.
 */
const { readDemoTarget, requestsOffline } = require('./argv');
const { startDemoModel } = require('./demo-model');

/** @type {Map<string, { stop(): Promise<void> }>} a run's id -> its model */
const running = new Map();

/**
 * @param {unknown} _options
 * @param {{ id: string, workspaceRoot: string, argv: string[], nxJsonConfiguration: { plugins?: unknown[] } }} context
 */
async function preTasksExecution(_options, context) {
  if (!requestsOffline(context.argv)) return;
  const demo = readDemoTarget(context.argv, context.nxJsonConfiguration.plugins ?? []);
  if (!demo) return;
  const model = await startDemoModel(context.workspaceRoot, demo);
  running.set(context.id, model);
  // Nx passes the variables a hook sets on process.env on to the tasks of this run (and only this run).
  process.env.CODEX_HOME = model.codexHome;
  process.env.NX_CODEX_OFFLINE_MODEL = model.url;
}

/** @param {unknown} _options @param {{ id: string }} context */
async function postTasksExecution(_options, context) {
  const model = running.get(context.id);
  running.delete(context.id);
  await model?.stop();
}

module.exports = { name: 'nx-codex-offline-demo', preTasksExecution, postTasksExecution };
