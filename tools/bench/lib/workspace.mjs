// Temp Nx workspaces for the benchmarks: the e2e suite's createWorkspace (e2e/support/workspace.ts,
// loaded through @swc-node/register), plus timing and cache-wiping helpers.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const require = createRequire(import.meta.url);
require('@swc-node/register');
const support = require('../../../e2e/support/workspace.ts');
export const testing = require('../../testing/index.js');

export const REPO_ROOT = support.REPO_ROOT;

/** The e2e workspace, plus `timedNx(args, env)` -> { ms, code, output } and `wipe()` (Nx cache and reports). */
export function createBenchWorkspace(spec) {
  const ws = support.createWorkspace(spec);
  return {
    ...ws,
    timedNx(args, env = {}) {
      const started = performance.now();
      const result = ws.nx(args, env);
      return { ...result, ms: performance.now() - started };
    },
    /** `rm -rf .nx` (not only .nx/cache: nrwl/nx #36898) and the reports, which the executor would reuse. */
    wipe() {
      rmSync(join(ws.dir, '.nx'), { recursive: true, force: true });
      rmSync(join(ws.dir, 'dist'), { recursive: true, force: true });
    },
  };
}

/** Fails the benchmark with nx's output when a run did not succeed. */
export function expectOk(result, what) {
  if (result.code !== 0) throw new Error(`${what} exited ${result.code}:\n${result.output.slice(-4000)}`);
  return result;
}

export const nxEnv = support.nxEnv;
