'use strict';
// Which offline demo an nx command line asks for (context.argv of the task execution hooks).

/** The targets the demo serves, and how their @nx-codex plugin is recognised in nx.json. */
const DEMO_TARGETS = [
  { target: 'codex-review', plugin: /codex-review/ },
  { target: 'codex-generate-tests', plugin: /test-generation/ },
];

/**
 * `--configuration=offline`, `--configuration offline`, `-c offline`, `-c=offline` or
 * `project:target:offline`.
 * @param {string[]} argv
 */
function requestsOffline(argv) {
  return argv.some(
    (arg, i) =>
      /^(--configuration|-c)=offline$/.test(arg) ||
      (/^(--configuration|-c)$/.test(arg) && argv[i + 1] === 'offline') ||
      /^[^-][^:]*:[^:]+:offline$/.test(arg),
  );
}

/**
 * The demo target the command names (`-t codex-review`, `run demo-lib:codex-generate-tests`, …)
 * with the scenario nx.json gives it, or undefined. One scripted model serves one run, so a command
 * that names both targets is refused.
 * @param {string[]} argv
 * @param {unknown[]} plugins nx.json's plugins
 * @returns {{ target: string, scenario: string } | undefined}
 */
function readDemoTarget(argv, plugins) {
  const tokens = new Set(argv.flatMap((arg) => arg.split(/[=,:]/)));
  const named = DEMO_TARGETS.filter(({ target }) => tokens.has(target));
  if (named.length > 1)
    throw new Error(
      `offline demo: ${named.map(({ target }) => target).join(' and ')} answer from different scripted models; run them offline in separate commands.`,
    );
  if (named.length === 0) return undefined;
  const { target, plugin } = named[0];
  const entry = plugins.find(
    (p) => typeof p === 'object' && p !== null && plugin.test(String(/** @type {{ plugin: unknown }} */ (p).plugin)),
  );
  const scenario = /** @type {{ options?: { offlineScenario?: unknown } } | undefined} */ (entry)?.options
    ?.offlineScenario;
  return typeof scenario === 'string' ? { target, scenario } : undefined;
}

module.exports = { requestsOffline, readDemoTarget, DEMO_TARGETS };
