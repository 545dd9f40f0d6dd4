// 1. Cache hit: a cached `nx run app:codex-review` against a cached `nx:noop` target of the same project.
import { execSync } from 'node:child_process';
import { generateProjectFiles } from '../lib/generate.mjs';
import { median, round, seconds } from '../lib/stats.mjs';
import { createBenchWorkspace, expectOk } from '../lib/workspace.mjs';

const FINGERPRINT = 'sh node_modules/@nx-codex/core/dist/cli/settings-fingerprint.sh';
/** The runtime input before it answered from a stamp: a node start per hash. */
const NODE_FINGERPRINT = 'node node_modules/@nx-codex/core/dist/cli/main.js fingerprint';
const CACHED = /local cache|existing outputs match the cache/;

/**
 * The project has four cached targets: `noop` (the floor), `codex-review` (inferred),
 * `noop-fingerprint`: an nx:noop with the review's inputs (files, .codex files, the runtime
 * fingerprint command), which tells how much of the difference is the inputs' hashing, and
 * `noop-node-fingerprint`: the same with the node fingerprint command the target used before.
 */
function projectJson(name) {
  const inputs = (runtime) => [
    '{projectRoot}/**/*',
    '{workspaceRoot}/.codex/context.md',
    '{workspaceRoot}/.codex/config.toml',
    { runtime },
  ];
  const targets = {
    noop: { executor: 'nx:noop', cache: true },
    'noop-fingerprint': { executor: 'nx:noop', cache: true, inputs: inputs(FINGERPRINT) },
    'noop-node-fingerprint': { executor: 'nx:noop', cache: true, inputs: inputs(NODE_FINGERPRINT) },
  };
  return JSON.stringify({ name, projectType: 'library', targets }, null, 2);
}

function measure(ws, env, reps, daemon) {
  const runEnv = { ...env, NX_DAEMON: daemon ? 'true' : 'false' };
  const targets = { noop: [], 'codex-review': [], 'noop-fingerprint': [], 'noop-node-fingerprint': [] };
  for (const target of Object.keys(targets))
    expectOk(ws.timedNx(['run', `app:${target}`], runEnv), `nx run app:${target} (priming)`);
  // Interleaved, so drift on the machine hits all of them alike.
  for (let i = 0; i < reps; i++) {
    for (const target of Object.keys(targets)) {
      const result = expectOk(ws.timedNx(['run', `app:${target}`], runEnv), `nx run app:${target}`);
      if (!CACHED.test(result.output))
        throw new Error(`nx run app:${target} was not a cache hit:\n${result.output.slice(-2000)}`);
      targets[target].push(result.ms);
    }
  }
  return Object.fromEntries(
    Object.entries(targets).map(([target, values]) => [
      target,
      { medianMs: round(median(values)), runsMs: values.map((v) => round(v)) },
    ]),
  );
}

/** The runtime input alone: Nx runs it on every hash of the target, cache hit or not. */
function commandMs(command, ws, env, reps) {
  const values = [];
  for (let i = 0; i < reps; i++) {
    const started = performance.now();
    execSync(command, { cwd: ws.dir, env: { ...process.env, ...env }, stdio: 'ignore' });
    values.push(performance.now() - started);
  }
  return round(median(values));
}

export async function cacheHit(ctx) {
  const ws = createBenchWorkspace({
    projects: { app: generateProjectFiles(12, 3) },
    files: { 'libs/app/project.json': projectJson('app') },
  });
  try {
    const env = ctx.fastHome.env;
    const rows = [];
    const modes = ctx.quick ? [false] : [false, true];
    for (const daemon of modes) {
      const reps = ctx.reps(7, 5);
      const m = measure(ws, env, reps, daemon);
      if (daemon) ws.nx(['daemon', '--stop'], { NX_DAEMON: 'true' });
      const ratio = m['codex-review'].medianMs / m.noop.medianMs;
      const fingerprintMs = commandMs(FINGERPRINT, ws, env, reps);
      const nodeFingerprintMs = commandMs(NODE_FINGERPRINT, ws, env, reps);
      const bareNodeMs = commandMs('node -e 0', ws, env, reps);
      rows.push({
        id: daemon ? '1b' : '1',
        name: `Cache hit, nx run (daemon ${daemon ? 'on' : 'off'})`,
        measured: `${seconds(m['codex-review'].medianMs)} codex-review`,
        baseline: `${seconds(m.noop.medianMs)} nx:noop`,
        ratio: round(ratio, 3),
        ratioText: `${ratio.toFixed(3)}x`,
        target: 'ratio <= 1.05',
        pass: ratio <= 1.05,
        reps,
        notes: [
          `#${daemon ? '1b' : '1'} medians: nx:noop ${m.noop.medianMs} ms, codex-review ${m['codex-review'].medianMs} ms, nx:noop with the codex-review inputs ${m['noop-fingerprint'].medianMs} ms, the same with the node fingerprint used before ${m['noop-node-fingerprint'].medianMs} ms (${(m['noop-node-fingerprint'].medianMs / m.noop.medianMs).toFixed(3)}x nx:noop); the runtime input \`${FINGERPRINT}\` alone takes ${fingerprintMs} ms, \`${NODE_FINGERPRINT}\` ${nodeFingerprintMs} ms (a bare \`node -e 0\`: ${bareNodeMs} ms).`,
        ],
        details: {
          ...m,
          fingerprintCommandMs: fingerprintMs,
          nodeFingerprintCommandMs: nodeFingerprintMs,
          bareNodeMs,
          fingerprintInputsRatio: round(m['noop-fingerprint'].medianMs / m.noop.medianMs, 3),
          note: 'noop-fingerprint: nx:noop with the codex-review inputs (incl. the runtime fingerprint command)',
        },
      });
    }
    return rows;
  } finally {
    ws.cleanup();
  }
}
