// 6. Team cache: 40 projects reviewed in one copy with a self-hosted remote cache; a second clean copy.
import { FLEET_PROJECTS, fleetSpec, reviewFleet } from '../lib/fleet.mjs';
import { median, round, seconds } from '../lib/stats.mjs';
import { createBenchWorkspace, testing } from '../lib/workspace.mjs';

export async function teamCache(ctx) {
  const cache = await testing.startRemoteCache();
  const env = { ...ctx.slowHome.env, ...cache.env };
  const first = createBenchWorkspace(fleetSpec());
  const second = createBenchWorkspace(fleetSpec());
  try {
    const filled = await reviewFleet(first, ctx.slowModel, env);
    const afterFill = await cache.stats();
    const reps = ctx.reps(3, 1);
    const runs = [];
    for (let i = 0; i < reps; i++) {
      second.wipe(); // a clean clone: no .nx, no reports
      runs.push(await reviewFleet(second, ctx.slowModel, env));
    }
    const stats = await cache.stats();
    const wallMs = round(median(runs.map((run) => run.ms)));
    const calls = Math.max(...runs.map((run) => run.modelCalls));
    const ratio = wallMs / filled.ms;
    return [
      {
        id: '6',
        name: `Team cache, 2nd clean copy, ${FLEET_PROJECTS} projects`,
        measured: `${calls} model calls, ${seconds(wallMs)}`,
        baseline: `1st copy ${filled.modelCalls} calls, ${seconds(filled.ms)}`,
        ratio: round(ratio, 2),
        ratioText: `${ratio.toFixed(2)}x wall`,
        target: '0 calls',
        pass: calls === 0,
        reps,
        notes: [
          `#6 second copy runs: ${runs.map((run) => `${seconds(run.ms)} (${run.fromRemoteCache} [remote cache])`).join(', ')}; remote cache server: ${afterFill.put} PUTs after the first copy, then ${stats.get - afterFill.get} GETs / ${stats.hit - afterFill.hit} hits.`,
        ],
        details: {
          firstCopy: { ms: round(filled.ms), modelCalls: filled.modelCalls },
          runs: runs.map(({ output: _o, ...rest }) => ({ ...rest, ms: round(rest.ms) })),
          cacheStats: { afterFill, final: stats },
        },
      },
    ];
  } finally {
    first.cleanup();
    second.cleanup();
    await cache.stop();
  }
}
