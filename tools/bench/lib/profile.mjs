// Runs tools/bench/profile-review.mjs on a benchmark workspace's project and reads its JSON.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { CORE_DIST, REPO_ROOT } from './workspace.mjs';

/** Phases of runReview (cold, then warm) plus the tokenizer's load time in a fresh node. */
export function profileReview(ws, project, env, runs = 2) {
  const output = execFileSync(
    process.execPath,
    [
      join(REPO_ROOT, 'tools/bench/profile-review.mjs'),
      '--workspace',
      ws.dir,
      '--project',
      project,
      '--project-root',
      `libs/${project}`,
      '--runs',
      String(runs),
      '--core',
      CORE_DIST,
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  const tokenizerLoadMs = Number(
    execFileSync(
      process.execPath,
      [
        '-e',
        "const t=performance.now();require('gpt-tokenizer/encoding/o200k_base');console.log(Math.round(performance.now()-t))",
      ],
      { cwd: ws.dir, encoding: 'utf8' },
    ),
  );
  return { ...JSON.parse(output), tokenizerLoadMs };
}

/** The largest steps of one profiled run, as "label N ms", the model call left out. */
export function topSteps(run, count = 4) {
  return Object.entries(run.phases)
    .filter(([label]) => !label.startsWith('MODEL'))
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, count)
    .map(([label, phase]) => `${label} ${Math.round(phase.ms)} ms${phase.calls > 1 ? ` (${phase.calls} calls)` : ''}`);
}
