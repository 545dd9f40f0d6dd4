'use strict';
// Starts tools/testing/remote-cache-server.js as a child process, for tests and benchmarks.
const { spawn } = require('node:child_process');
const path = require('node:path');
const readline = require('node:readline');
const { httpJson } = require('./http-json');

/**
 * @param {{ token?: string }} [options]
 * @returns {Promise<{ url: string, token: string, pid: number, env: Record<string,string>, stats(): Promise<{get:number,hit:number,put:number,entries:number}>, stop(): Promise<void> }>}
 */
async function startRemoteCache(options = {}) {
  const token = options.token ?? 'test-token';
  const child = spawn(process.execPath, [path.join(__dirname, 'remote-cache-server.js'), token], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const url = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    child.once('exit', (code) => reject(new Error(`remote cache server exited (${code}) before listening`)));
    lines.once('line', (line) => resolve(line.replace(/^.*listening on /, '').trim()));
  });
  child.unref();
  /** @type {Promise<void> | undefined} */
  let stopped;
  return {
    url,
    token,
    pid: /** @type {number} */ (child.pid),
    env: { NX_SELF_HOSTED_REMOTE_CACHE_SERVER: url, NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: token },
    stats: async () => (await httpJson('GET', `${url}/__stats`)).json,
    stop: () =>
      (stopped ??= new Promise((resolve) => {
        process.removeListener('exit', killOnExit);
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      })),
  };
}

module.exports = { startRemoteCache };
