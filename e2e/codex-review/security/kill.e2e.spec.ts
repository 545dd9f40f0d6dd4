/**
 * No process outlives the run: `kill -9` of nx, and of nx's whole process group, while codex is
 * waiting on the model (a review of two projects at once). Within a few seconds no codex process
 * (nor any other process of the run) is left, no report was written, and no `nx-codex-*` temporary
 * folder remains. Afterwards the next run reviews normally.
 */
import { createWorkspace, type TempWorkspace } from '@nx-codex/testing';
import {
  answers,
  CLEAN_ANSWER,
  expectNoReport,
  expectSuccess,
  expectWholeReport,
  testing,
  type LocalModel,
  type Scenario,
} from '../faults/helpers';
import { isolatedTmpDir, sigkillDuringCodex, type KillTarget } from './kill-helpers';

const PROJECTS = ['kill-a', 'kill-b'];
/** The model holds every answer for a minute: the kill lands while codex waits. */
const SLOW: Scenario = {
  name: 'slow',
  steps: [{ kind: 'schema-json', value: CLEAN_ANSWER, delayMs: 60_000 }],
  repeat: 'last',
};

let model: LocalModel;
let codexHome: ReturnType<typeof testing.createCodexHome>;
let ws: TempWorkspace;
const figures: string[] = [];

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: SLOW });
  codexHome = testing.createCodexHome({ baseUrl: model.url });
  ws = createWorkspace({
    projects: Object.fromEntries(
      PROJECTS.map((name) => [name, { 'src/index.ts': `export const name = '${name}';\n` }]),
    ),
  });
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
  ws?.cleanup();
  // The figures of the close note: kill scenarios tried / codex processes left.
  if (figures.length) process.stdout.write(`${figures.join('\n')}\n`);
});

it.each<[string, KillTarget]>([
  ['SIGKILL to the nx process', 'nx'],
  ['SIGKILL to the nx process group', 'group'],
])('%s: no codex process remains, no report is written, no temporary folder is left', async (name, target) => {
  await model.setScenario(SLOW);
  const tmp = isolatedTmpDir();
  try {
    const nx = ws.nxAsync(['run-many', '-t', 'codex-review', '--parallel=2', '--skip-nx-cache'], {
      ...codexHome.env,
      ...tmp.env,
    });
    const outcome = await sigkillDuringCodex(nx, target, { workspaceDir: ws.dir, codexCount: PROJECTS.length });
    figures.push(
      `kill scenario "${name}": ${outcome.codexBefore.length} codex running before, ${outcome.left.length} process(es) left after ${outcome.settledMs} ms`,
    );

    // Both reviews' codex (and any helper process codex started of itself) were running.
    expect(outcome.codexBefore.length).toBeGreaterThanOrEqual(PROJECTS.length);
    expect(outcome.left.map((proc) => proc.cmdline)).toEqual([]);
    for (const project of PROJECTS) expectNoReport(ws, project);
    expect(tmp.leftovers()).toEqual([]);
  } finally {
    tmp.cleanup();
  }
});

it('reviews normally after the kills', async () => {
  await model.setScenario(answers());
  const run = ws.nx(['run-many', '-t', 'codex-review', '--parallel=2'], codexHome.env);
  expectSuccess(run);
  for (const project of PROJECTS) expectWholeReport(ws, project);
});
