// Temp Nx workspaces for the benchmarks: tools/testing's createWorkspace (the e2e suites' harness) on a
// snapshot of the built packages, plus timing (wall, CPU) and cache-wiping helpers.
import { existsSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { snapshotNodeModules } from './snapshot.mjs';

const require = createRequire(import.meta.url);
export const testing = require('../../testing/index.js');

export const REPO_ROOT = testing.repoRoot;
const NX_BIN = testing.NX_BIN;
/** GNU time reports the CPU time of the whole process tree that nx waited for (its task processes, codex). */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
const CPU_LINE = /^__CPU__ ([\d.]+) ([\d.]+)$/m;

/** Every benchmark workspace uses this node_modules: the repo's, with a copy of the built @nx-codex packages. */
export const MODULES = snapshotNodeModules(REPO_ROOT, testing.makeTempDir('nx-codex-bench-modules-').dir, (line) =>
  process.stderr.write(`[bench] ${line}\n`),
);
/** The snapshot's @nx-codex/core dist folder (what the workspaces run). */
export const CORE_DIST = join(MODULES, '@nx-codex/core/dist');

/** tools/testing's workspace, plus `timedNx(args, env)` -> { ms, code, output } and `wipe()` (Nx cache and reports). */
export function createBenchWorkspace(spec) {
  const ws = testing.createWorkspace(spec);
  unlinkSync(join(ws.dir, 'node_modules'));
  symlinkSync(MODULES, join(ws.dir, 'node_modules'), 'dir');
  return {
    ...ws,
    /** `nx …` with its wall time and, where /usr/bin/time exists, the CPU time of nx and all it waited for. */
    timedNx(args, env = {}) {
      const started = performance.now();
      if (!GNU_TIME) return { ...ws.nx(args, env), ms: performance.now() - started, cpuMs: undefined };
      const result = testing.run(
        GNU_TIME,
        ['-f', '__CPU__ %U %S', process.execPath, NX_BIN, ...args, '--outputStyle=static'],
        ws.dir,
        env,
      );
      const ms = performance.now() - started;
      const cpu = CPU_LINE.exec(result.stderr);
      return { ...result, ms, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined };
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

export const nxEnv = testing.nxEnv;
