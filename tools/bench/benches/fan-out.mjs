// 3. Fan-out: 40 projects, the model answering each call after 1 s, `nx run-many --parallel=8`.
// 5. Incremental: one file changed on a branch, `nx affected -t codex-review`.
import { appendFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { codexBinary, codexExecAll } from '../lib/codex-direct.mjs';
import { FLEET_PROJECTS, fleetSpec, PARALLEL, removeReports, reviewFleet } from '../lib/fleet.mjs';
import { profileReview, topSteps } from '../lib/profile.mjs';
import { median, round, seconds } from '../lib/stats.mjs';
import { createBenchWorkspace, expectOk, REPO_ROOT } from '../lib/workspace.mjs';

const MODEL_DELAY_MS = 1000;
const GIT_USER = ['-c', 'user.email=bench@example.invalid', '-c', 'user.name=bench'];

/** One `codex exec` with a tiny prompt against the model without delay: the cost of starting codex (wall and CPU). */
async function codexStart(ctx, cwd, reps) {
  const binary = codexBinary(REPO_ROOT).path;
  const values = [];
  for (let i = 0; i < reps; i++)
    values.push(
      await codexExecAll({
        binary,
        prompts: ['Answer with an empty review.'],
        cwd,
        env: ctx.fastHome.env,
        concurrency: 1,
      }),
    );
  return { ms: round(median(values.map((v) => v.ms))), cpuMs: round(median(values.map((v) => v.cpuMs))) };
}

/** Nx's own floor for this workspace: `run-many -t noop --parallel=8`, all cached (wall and CPU). */
function nxFloor(ws, reps) {
  const args = ['run-many', '-t', 'noop', `--parallel=${PARALLEL}`];
  expectOk(ws.timedNx(args), 'nx run-many -t noop');
  const values = [];
  for (let i = 0; i < reps; i++) values.push(expectOk(ws.timedNx(args), 'nx run-many -t noop'));
  return { ms: round(median(values.map((v) => v.ms))), cpuMs: round(median(values.map((v) => v.cpuMs))) };
}

const perTask = (ms) => round(ms / FLEET_PROJECTS);
const cpuText = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s CPU` : 'CPU n/a');

export async function fanOut(ctx) {
  const ws = createBenchWorkspace(fleetSpec());
  try {
    const start = await codexStart(ctx, ws.dir, 3);
    const startMs = start.ms;
    const idealMs = Math.ceil(FLEET_PROJECTS / PARALLEL) * MODEL_DELAY_MS + startMs;
    const floor = nxFloor(ws, 3);
    const floorMs = floor.ms;
    const reps = ctx.reps(3, 1);
    const runs = [];
    const batchRuns = [];
    // Interleaved, so drift on the machine hits both modes alike.
    for (let i = 0; i < reps; i++) {
      for (const [list, flags] of [
        [runs, []],
        [batchRuns, ['--batch']],
      ]) {
        removeReports(ws);
        const run = await reviewFleet(
          ws,
          ctx.slowModel,
          ctx.slowHome.env,
          ['run-many'],
          ['--skip-nx-cache', '--chunkStore=false', ...flags],
        );
        if (run.modelCalls !== FLEET_PROJECTS)
          throw new Error(
            `fan-out${flags.length ? ' (batch)' : ''}: expected ${FLEET_PROJECTS} model calls, saw ${run.modelCalls}`,
          );
        list.push(run);
      }
    }
    const batchWallMs = round(median(batchRuns.map((run) => run.ms)));
    const batchRatio = batchWallMs / idealMs;
    const wallMs = round(median(runs.map((run) => run.ms)));
    const cpuMs = round(median(runs.map((run) => run.cpuMs)));
    const ratio = wallMs / idealMs;

    // Fills the Nx cache (--skip-nx-cache above does not write it). The reports of the last run are
    // still there with the same inputs digest, so each executor runs but reuses them: no model call.
    // Its CPU time is Nx + 40 executor processes without codex.
    const fill = await reviewFleet(ws, ctx.slowModel, ctx.slowHome.env);
    const cores = os.availableParallelism();
    const executorCpu = perTask(fill.cpuMs - floor.cpuMs);
    const codexCpu = perTask(cpuMs - fill.cpuMs);
    // One fleet project's review in a fresh process (no Nx): what of the executor's CPU is core's.
    const prof = profileReview(ws, 'p00', ctx.fastHome.env, 1);
    const [cold] = prof.runs;

    // 5. Change one file on a branch, review what the change affects.
    ws.git('checkout', '-q', '-b', 'feature');
    appendFileSync(join(ws.dir, 'libs/p07/src/index.ts'), 'export const featureFlag = true;\n');
    ws.git(...GIT_USER, 'commit', '-qam', 'change one file of p07');
    const affected = await reviewFleet(
      ws,
      ctx.slowModel,
      ctx.slowHome.env,
      ['affected'],
      ['--base=main', '--head=HEAD'],
    );
    const after = await reviewFleet(ws, ctx.slowModel, ctx.slowHome.env);
    const wholeRepo = runs[runs.length - 1].modelCalls;

    return [
      {
        id: '3',
        name: `Fan-out, ${FLEET_PROJECTS} projects, --parallel=${PARALLEL}, model 1 s`,
        measured: `${seconds(wallMs)} wall`,
        baseline: `ideal ${seconds(idealMs)} (${Math.ceil(FLEET_PROJECTS / PARALLEL)} x 1 s + codex start ${startMs} ms)`,
        ratio: round(ratio, 2),
        ratioText: `${ratio.toFixed(2)}x`,
        target: '<= 1.3x ideal',
        pass: ratio <= 1.3,
        reps,
        notes: [
          `#3 runs: ${runs.map((run) => `${seconds(run.ms)} (${cpuText(run.cpuMs)})`).join(', ')}; ${FLEET_PROJECTS} model calls each. Nx's own floor (run-many -t noop, all cached, median of 3): ${seconds(floorMs)}, ${cpuText(floor.cpuMs)}; ideal + that floor = ${seconds(idealMs + floorMs)} (${(wallMs / (idealMs + floorMs)).toFixed(2)}x).`,
          `#3 CPU: the fan-out needs ${cpuText(cpuMs)}, i.e. ${seconds(cpuMs / cores)} of work per core on ${cores} cores before any waiting. Per task: ~${executorCpu} ms for Nx's task process + the executor without a model call (run-many whose executors reused their reports: ${cpuText(fill.cpuMs)}, ${seconds(fill.ms)} wall, minus the noop floor) and ~${codexCpu} ms for codex exec (one codex exec with a tiny prompt alone: ${start.cpuMs} ms CPU, ${start.ms} ms wall). Of the executor's share, a fresh process reviewing p00 (${cold.files} files) without Nx spends ${prof.coreLoadMs} ms loading core and ${cold.ownMs} ms of own time (${topSteps(cold, 2).join(', ')}); the rest is Nx's task process.`,
        ],
        details: {
          runs: runs.map((run) => ({ ms: round(run.ms), cpuMs: run.cpuMs })),
          idealMs,
          codexStart: start,
          nxFloor: floor,
          executorWithoutModel: { ms: round(fill.ms), cpuMs: fill.cpuMs },
          cpuPerTaskMs: { executorProcess: executorCpu, codex: codexCpu },
          profileOneProject: prof,
          cores,
          modelDelayMs: MODEL_DELAY_MS,
        },
      },
      {
        id: '3b',
        name: `Fan-out in batch mode (--batch), ${FLEET_PROJECTS} projects, model 1 s`,
        measured: `${seconds(batchWallMs)} wall`,
        baseline: `ideal ${seconds(idealMs)}; non-batch ${seconds(wallMs)} (same run)`,
        ratio: round(batchRatio, 2),
        ratioText: `${batchRatio.toFixed(2)}x`,
        target: '<= 1.3x ideal',
        pass: batchRatio <= 1.3,
        reps,
        // GNU time does not see the batch process's CPU (Nx does not wait for it as for a task process): wall time only.
        notes: [
          `#3b runs: ${batchRuns.map((run) => seconds(run.ms)).join(', ')}; one process reviews ${PARALLEL} projects at once (Nx's --parallel), every model call a thread of one shared \`codex app-server\` (review.json transport: ${batchRuns[batchRuns.length - 1].transport ?? 'unknown'}); its CPU is not measured: GNU time does not see the batch process. Against ideal + Nx's own floor (${seconds(idealMs + floorMs)}, #3's note): ${(batchWallMs / (idealMs + floorMs)).toFixed(2)}x.`,
        ],
        details: { runs: batchRuns.map((run) => ({ ms: round(run.ms) })), idealMs, nonBatchMs: wallMs },
      },
      {
        id: '5',
        name: 'Incremental, nx affected after a 1-file change',
        measured: `${affected.modelCalls} model call(s), ${seconds(affected.ms)}`,
        baseline: `whole repo ${wholeRepo} calls, ${seconds(wallMs)}`,
        ratio: round(affected.modelCalls / wholeRepo, 3),
        ratioText: `${affected.modelCalls}/${wholeRepo}`,
        target: '1 call',
        pass: affected.modelCalls === 1,
        reps: 1,
        notes: [
          `#5 change committed on branch "feature"; \`nx affected -t codex-review --base=main --head=HEAD\` ran ${affected.tasksRun} task(s). Before it, a cache-filling run-many made ${fill.modelCalls} call(s) (the executors reused their reports); after it, \`nx run-many -t codex-review\` over all ${FLEET_PROJECTS} projects made ${after.modelCalls} call(s) in ${seconds(after.ms)} (${after.fromLocalCache} from the local cache).`,
        ],
        details: {
          affected: strip(affected),
          fill: strip(fill),
          runManyAfter: strip(after),
          wholeRepoCalls: wholeRepo,
        },
      },
    ];
  } finally {
    ws.cleanup();
  }
}

const strip = ({ output: _output, ...rest }) => ({ ...rest, ms: round(rest.ms) });
