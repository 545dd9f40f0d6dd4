/**
 * codex-review in Nx batch mode (`nx run-many -t codex-review --batch`): one process reviews the
 * batch; each task's report is the one a single-task run writes, and a failing task fails only itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWorkspace, type TempWorkspace, startLocalModel, createCodexHome } from '@nx-codex/testing';
import { plain } from '../faults/helpers';

const ANSWER = {
  findings: [
    {
      title: 'Unchecked divisor',
      body: 'b may be 0.',
      confidence_score: 0.7,
      priority: 1,
      code_location: { file_path: 'libs/alpha/src/index.ts', line_range: { start: 2, end: 2 } },
    },
  ],
  overall_correctness: 'patch is incorrect',
  overall_explanation: 'A P1 in alpha.',
  overall_confidence_score: 0.7,
};

type Model = { url: string; stop(): Promise<void> };
let model: Model;
let codexHome: { env: Record<string, string>; cleanup(): void };
let ws: TempWorkspace;

const readReport = (project: string) =>
  JSON.parse(readFileSync(join(ws.dir, 'dist/codex-review', project, 'review.json'), 'utf8')) as Record<
    string,
    unknown
  >;

/**
 * review.json without what differs between any two runs (times, durations, usage, the run's ledger:
 * its id and totals) and the transport (a batch talks to a shared codex app-server, a task runs codex exec).
 */
const reportOf = (project: string) =>
  JSON.parse(
    JSON.stringify(readReport(project), (key, value) =>
      /(At|Ms|ms|Seconds|usage|cost|duration)$|^(run|transport)$/i.test(key) ? undefined : value,
    ),
  );

beforeAll(async () => {
  model = await startLocalModel({
    scenario: { name: 'answer', steps: [{ kind: 'schema-json', value: ANSWER }], repeat: 'last' },
  });
  codexHome = createCodexHome({ baseUrl: model.url });
  ws = createWorkspace({
    projects: {
      alpha: { 'src/index.ts': 'export function ratio(a: number, b: number) {\n  return a / b;\n}\n' },
      beta: { 'src/main.ts': 'console.log("beta");\n' },
    },
  });
  // alpha's P1 finding fails its failOn gate: a failing task, with its report written.
  ws.write(
    'libs/alpha/project.json',
    JSON.stringify({
      name: 'alpha',
      projectType: 'library',
      targets: { 'codex-review': { options: { failOn: 'P1' } } },
    }),
  );
  ws.git('add', '-A');
  ws.git('-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', 'commit', '-qm', 'failOn');
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
  ws?.cleanup();
});

it('reviews the batch in one process with the single-task reports, and a failing task fails only itself', () => {
  const single = ['alpha', 'beta'].map((project) => {
    const result = ws.nx(['run', `${project}:codex-review`, '--skip-nx-cache'], codexHome.env);
    expect({ project, failed: result.code !== 0 }).toEqual({ project, failed: project === 'alpha' });
    expect(readReport(project).transport).toBe('exec');
    return reportOf(project);
  });

  const batch = ws.nx(['run-many', '-t', 'codex-review', '--batch', '--skip-nx-cache'], codexHome.env);
  expect(batch.code).not.toBe(0);
  expect(batch.output).toContain(
    '[codex-review alpha] one of a batch of 2 reviews in one process (3 at once at the model, one shared codex app-server)',
  );
  expect(batch.output).toContain(
    '[codex-review beta] one of a batch of 2 reviews in one process (3 at once at the model, one shared codex app-server)',
  );
  expect(batch.output).toContain('[codex-review alpha] failOn P1: findings at or above P1 exist');
  expect(plain(batch.output)).toMatch(/Failed tasks:\s+- alpha:codex-review\s*$/);
  expect(['alpha', 'beta'].map(reportOf)).toEqual(single);
  expect(['alpha', 'beta'].map((project) => readReport(project).transport)).toEqual(['app-server', 'app-server']);
  expect(single[0]).toMatchObject({
    findings: [expect.objectContaining({ file: 'libs/alpha/src/index.ts', startLine: 2, priority: 1 })],
  });
});
