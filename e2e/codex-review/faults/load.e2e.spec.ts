/**
 * Load: 40 projects reviewed at --parallel=8 while the model fails 10% of the calls (HTTP 500,
 * seeded, no retries). Every task either writes a whole, valid report or fails cleanly with no
 * report; the rerun reviews exactly the failed projects and takes the others from the Nx cache.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, type TempWorkspace } from '@nx-codex/testing';
import {
  answers,
  plain,
  expectNoReport,
  expectSuccess,
  expectWholeReport,
  projectOfRequest,
  reportDir,
  reportsOf,
  requestsSince,
  STACK_FRAME,
  testing,
  wasCacheHit,
  type LocalModel,
} from './helpers';

const { failurePlan } = testing;

const COUNT = 40;
const FAIL_RATE = 0.1;
/** With this seed, 5 of the first 40 calls fail and the next 5 (the rerun's) do not. */
const SEED = 5;
const PROJECTS = Array.from({ length: COUNT }, (_, i) => `p${String(i).padStart(2, '0')}`);

let model: LocalModel;
let codexHome: ReturnType<typeof testing.createCodexHome>;
let ws: TempWorkspace;

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: answers(), failRate: FAIL_RATE, seed: SEED });
  codexHome = testing.createCodexHome({ baseUrl: model.url });
  ws = createWorkspace({
    projects: Object.fromEntries(
      PROJECTS.map((name, i) => [name, { 'src/index.ts': `export const value${i} = ${i};\n` }]),
    ),
    reviewPlugin: {},
  });
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
  ws?.cleanup();
});

it('every task writes a whole report or fails cleanly; the rerun completes exactly the failed ones', async () => {
  const fails = failurePlan(FAIL_RATE, SEED);
  const expectedFailures = PROJECTS.filter((_, call) => fails(call)).length;
  expect(expectedFailures).toBe(5);

  const first = ws.nx(['run-many', '-t', 'codex-review', '--parallel=8', '--maxRetries=0'], codexHome.env);
  expect(first.code).not.toBe(0);
  expect(first.output).not.toMatch(STACK_FRAME);
  const firstRequests = await requestsSince(model, 0);
  expect(firstRequests).toHaveLength(COUNT);
  const failedByModel = firstRequests
    .filter((request) => request.answer.kind === 'fail-rate')
    .map(projectOfRequest)
    .sort();
  expect(failedByModel).toHaveLength(expectedFailures);

  const withReport = PROJECTS.filter((project) => reportsOf(ws, project).length > 0);
  const withoutReport = PROJECTS.filter((project) => !withReport.includes(project));
  expect(withoutReport).toEqual(failedByModel);
  for (const project of withReport) {
    expectWholeReport(ws, project);
    expect(JSON.parse(readFileSync(join(reportDir(ws, project), 'review.json'), 'utf8')).filesReviewed).toContain(
      `libs/${project}/src/index.ts`,
    );
  }
  for (const project of withoutReport) {
    expectNoReport(ws, project);
    expect(first.output).toMatch(
      new RegExp(`\\[codex-review ${project}\\] review failed: The model request failed with a temporary error`),
    );
  }
  const failedTasks = /Failed tasks:([\s\S]*?)(Hint:|$)/.exec(plain(first.output))?.[1] ?? '';
  expect([...failedTasks.matchAll(/- (p\d\d):codex-review/g)].map((match) => match[1]).sort()).toEqual(failedByModel);

  const rerun = ws.nx(['run-many', '-t', 'codex-review', '--parallel=8', '--maxRetries=0'], codexHome.env);
  expectSuccess(rerun);
  const rerunRequests = await requestsSince(model, COUNT);
  expect(rerunRequests.map(projectOfRequest).sort()).toEqual(failedByModel);
  expect(rerunRequests.filter((request) => request.answer.kind === 'fail-rate')).toEqual([]);
  const cacheHits = PROJECTS.filter((project) => wasCacheHit(rerun, `${project}:codex-review`));
  expect(cacheHits).toEqual(withReport);
  for (const project of PROJECTS) expectWholeReport(ws, project);
});
