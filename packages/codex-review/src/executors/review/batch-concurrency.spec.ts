import { batchConcurrency } from './batch-concurrency';

const nx = (...flags: string[]) => [
  '/usr/bin/node',
  '/w/node_modules/nx/bin/nx.js',
  'run-many',
  '-t',
  'codex-review',
  ...flags,
];

describe('batchConcurrency (Nx 22 --parallel rules)', () => {
  it.each([
    [nx('--parallel=8'), {}, undefined, 8],
    [nx('--parallel', '5'), {}, undefined, 5],
    [nx('--parallel=false'), { NX_PARALLEL: '6' }, 4, 1],
    [nx('--parallel', '--maxParallel=7'), {}, undefined, 7],
    [nx('--parallel', '--max-parallel', '2'), {}, undefined, 2],
    [nx('--parallel'), { NX_PARALLEL: '6' }, undefined, 6],
    [nx('--parallel'), {}, 9, 3],
    [nx(), { NX_PARALLEL: '6' }, 4, 6],
    [nx(), {}, 4, 4],
    [nx('--maxParallel=2'), { NX_PARALLEL: '6' }, undefined, 2],
    [nx(), {}, undefined, 3],
    [undefined, {}, 5, 5],
    [undefined, { NX_PARALLEL: 'x' }, undefined, 3],
    [nx('--parallel=2', '--parallel=4'), {}, undefined, 4],
    // Capped at MAX_BATCH_CONCURRENCY (16): one app-server serves every thread of the batch.
    [nx('--parallel=500'), {}, undefined, 16],
    [nx('--parallel=16'), {}, undefined, 16],
    [nx(), { NX_PARALLEL: '64' }, undefined, 16],
    [nx(), {}, 40, 16],
  ])('%j with env %j and nx.json parallel %j runs %i at once', (argv, env, nxJson, expected) => {
    expect(batchConcurrency(argv, env as Record<string, string>, nxJson)).toBe(expected);
  });
});
