/**
 * Interrupting `nx run-many -t codex-review` while reviews run: Ctrl-C (SIGINT to nx's process
 * group, as a terminal sends it) and SIGTERM (to the nx process alone, as CI cancels a job).
 * Afterwards no codex process is left, no report is half-written, nx exits non-zero, and the next
 * run reviews only what did not finish (the finished projects are cache hits).
 */
import { join } from 'node:path';
import { createWorkspace, type TempWorkspace } from '@nx-codex/testing';
import {
  answers,
  CLEAN_ANSWER,
  descendantsOf,
  expectNoReport,
  expectWholeReport,
  filesUnder,
  isAlive,
  isCodexProcess,
  plain,
  projectOfRequest,
  requestsSince,
  requestCount,
  testing,
  waitFor,
  wasCacheHit,
  type LocalModel,
  type Scenario,
} from './helpers';

const FAST = ['fast-1', 'fast-2'];
const SLOW = ['slow-1', 'slow-2'];
const PROJECTS = Object.fromEntries(
  [...FAST, ...SLOW].map((name) => [name, { 'src/index.ts': `export const name = '${name}';\n` }]),
);

/** fast-* are answered at once, slow-* only after a minute: the interrupt lands while they wait. */
const SLOW_FOR_SLOW_PROJECTS: Scenario = {
  name: 'slow-projects',
  steps: [
    {
      kind: 'match',
      rules: [
        {
          whenPromptContains: 'Nx project "slow-',
          step: { kind: 'schema-json', value: CLEAN_ANSWER, delayMs: 60_000 },
        },
      ],
      default: { kind: 'schema-json', value: CLEAN_ANSWER },
    },
  ],
  repeat: 'last',
};

let model: LocalModel;
let codexHome: ReturnType<typeof testing.createCodexHome>;
let ws: TempWorkspace;

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: SLOW_FOR_SLOW_PROJECTS });
  codexHome = testing.createCodexHome({ baseUrl: model.url });
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
});
beforeEach(async () => {
  ws = createWorkspace({ projects: PROJECTS });
  await model.setScenario(SLOW_FOR_SLOW_PROJECTS);
});
afterEach(() => ws.cleanup());

const isCodex = (proc: { argv: string[]; cmdline: string }) => isCodexProcess(proc) && proc.cmdline.includes(ws.dir);

it.each([
  ['SIGINT to the process group (Ctrl-C)', 'SIGINT', true, []],
  ['SIGTERM to the nx process', 'SIGTERM', false, []],
  ['Ctrl-C in batch mode (one process reviews all four)', 'SIGINT', true, ['--batch']],
] as const)(
  '%s: nothing survives, nothing is half-written, the rerun finishes the rest',
  async (_name, signal, toGroup, flags) => {
    const before = await requestCount(model);
    const nx = ws.nxAsync(['run-many', '-t', 'codex-review', '--parallel=4', ...flags], codexHome.env);

    // The fast projects are done and both slow reviews are waiting on the model.
    await waitFor('the fast reports and the slow model calls', async () => {
      const slowCalls = (await requestsSince(model, before)).filter((request) =>
        SLOW.includes(projectOfRequest(request) ?? ''),
      );
      return (
        slowCalls.length === SLOW.length &&
        FAST.every((project) => filesUnder(join(ws.dir, 'dist/codex-review', project)).includes('review.json'))
      );
    });
    // A codex exec per slow review; in a batch, the one codex app-server serving both (its command line names no workspace).
    const batch = (flags as readonly string[]).includes('--batch');
    const codexProcesses = await waitFor(
      batch ? 'the codex app-server under nx' : 'two running codex processes under nx',
      () => {
        const found = descendantsOf(nx.pid).filter(batch ? isCodexProcess : isCodex);
        if (batch) return found.length === 1 && found[0].argv.includes('app-server') ? found : undefined;
        return found.length === SLOW.length ? found : undefined;
      },
    );

    process.kill(toGroup ? -nx.pid : nx.pid, signal);
    const exited = await Promise.race([
      nx.result,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 30_000).unref()),
    ]);
    expect(exited).toBeDefined();
    expect(exited?.code === 0 && exited?.signal === null).toBe(false);

    // Every codex process we saw is gone, and nothing else runs in this workspace.
    await waitFor('codex processes to end', () => codexProcesses.every((proc) => !isAlive(proc.pid)), 10_000).catch(
      () => undefined,
    );
    expect(codexProcesses.filter((proc) => isAlive(proc.pid)).map((proc) => proc.cmdline)).toEqual([]);
    await waitFor('the workspace processes to end', () => testing.listProcesses(ws.dir).length === 0, 10_000).catch(
      () => undefined,
    );
    expect(testing.listProcesses(ws.dir).map((proc) => proc.cmdline)).toEqual([]);

    // Finished reports are whole, interrupted ones absent; no temporary file anywhere.
    for (const project of FAST) expectWholeReport(ws, project);
    for (const project of SLOW) expectNoReport(ws, project);
    expect(filesUnder(join(ws.dir, 'dist')).filter((file) => file.endsWith('.tmp'))).toEqual([]);

    await model.setScenario(answers());
    const rerunFrom = await requestCount(model);
    const rerun = ws.nx(['run-many', '-t', 'codex-review', '--parallel=4'], codexHome.env);
    expect(rerun.code).toBe(0);
    // The finished reviews come back without a model call: from Nx's cache, or from their stored
    // review.json when the interrupt came before Nx recorded them (Nx writes a task's cache entry
    // some time after the task ends; in a batch, only when the batch ends).
    for (const project of FAST)
      expect(
        wasCacheHit(rerun, `${project}:codex-review`) ||
          plain(rerun.output).includes(
            `[codex-review ${project}] inputs unchanged since the last review: reusing its result`,
          ),
      ).toBe(true);
    for (const project of SLOW) expect(wasCacheHit(rerun, `${project}:codex-review`)).toBe(false);
    const reviewed = (await requestsSince(model, rerunFrom)).map(projectOfRequest).sort();
    expect(reviewed).toEqual(SLOW);
    for (const project of [...FAST, ...SLOW]) expectWholeReport(ws, project);
  },
);
