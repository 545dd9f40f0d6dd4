#!/usr/bin/env node
'use strict';
// CLI of the local model server. The first stdout line is the contract with parents:
//   local-model listening on http://127.0.0.1:PORT/v1
const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { createLocalModelServer } = require('./server');
const { loadScenario, builtinScenarioNames } = require('./scenario');

const USAGE = `usage: node tools/local-model/main.js [--port N] [--host 127.0.0.1] [--scenario NAME|FILE.json]
       [--log FILE.jsonl] [--port-file FILE] [--seed N] [--delay-ms N] [--fail-rate 0.1] [--parent-pid PID]
built-in scenarios: ${builtinScenarioNames().join(', ')}`;

/**
 * @param {string | undefined} value
 * @param {string} flag
 * @param {number} fallback
 */
function numberOption(value, flag, fallback) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new Error(`local-model: ${flag} must be a number >= 0, got "${value}"`);
  return n;
}

/** @param {string[]} argv */
function parseCli(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      scenario: { type: 'string' },
      log: { type: 'string' },
      'port-file': { type: 'string' },
      seed: { type: 'string' },
      'delay-ms': { type: 'string' },
      'fail-rate': { type: 'string' },
      'parent-pid': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const host = values.host ?? '127.0.0.1';
  if (!/^(127\.\d+\.\d+\.\d+|::1|localhost)$/.test(host))
    throw new Error(`local-model: --host ${host} is not a loopback address; this server only listens on 127.0.0.1/::1`);
  return {
    help: values.help ?? false,
    port: numberOption(values.port, '--port', 0),
    host,
    scenario: values.scenario ?? 'message',
    logFile: values.log,
    portFile: values['port-file'],
    seed: numberOption(values.seed, '--seed', 0),
    delayMs: numberOption(values['delay-ms'], '--delay-ms', 0),
    failRate: numberOption(values['fail-rate'], '--fail-rate', 0),
    parentPid: values['parent-pid'] === undefined ? undefined : numberOption(values['parent-pid'], '--parent-pid', 0),
  };
}

/** @param {number} pid */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return /** @type {NodeJS.ErrnoException} */ (error).code === 'EPERM';
  }
}

async function main() {
  const cli = parseCli(process.argv.slice(2));
  if (cli.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (cli.logFile) fs.writeFileSync(cli.logFile, '');
  const model = createLocalModelServer({
    scenario: loadScenario(cli.scenario),
    logFile: cli.logFile,
    delayMs: cli.delayMs,
    failRate: cli.failRate,
    seed: cli.seed,
  });
  // Handlers before the stdout line: whoever reads the line may signal us at once, and a signal with
  // no handler yet would kill the process instead of closing it (seen under load).
  let stopping = false;
  const stop = async (/** @type {string} */ why) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`local-model: ${why}, closing\n`);
    await model.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  const port = await model.listen(cli.port, cli.host);
  const hostInUrl = cli.host.includes(':') ? `[${cli.host}]` : cli.host;
  // The port file first, whole (written aside, then renamed): whoever waits for the stdout line, or
  // for the file, then finds both complete.
  if (cli.portFile) {
    fs.writeFileSync(`${cli.portFile}.tmp`, `${port}\n`);
    fs.renameSync(`${cli.portFile}.tmp`, cli.portFile);
  }
  process.stdout.write(`local-model listening on http://${hostInUrl}:${port}/v1\n`);

  if (cli.parentPid) {
    const parentPid = cli.parentPid;
    // A parent killed with SIGKILL cannot stop us: notice it is gone and leave too.
    setInterval(() => {
      if (!isAlive(parentPid)) void stop(`parent ${parentPid} is gone`);
    }, 500).unref();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
  process.exit(2);
});
