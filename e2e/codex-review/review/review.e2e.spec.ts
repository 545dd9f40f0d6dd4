/**
 * codex-review through the real `nx run` path: real Nx, the real codex 0.169 CLI, tools/local-model.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createWorkspace,
  type TempWorkspace,
  startLocalModel,
  createCodexHome,
  validateSarif,
  startRemoteCache,
  type Scenario,
  userTexts,
  type LocalModel,
  type LoggedRequest,
  type ScenarioStep,
} from '@nx-codex/testing';

const FINDING = {
  title: 'Division by zero',
  body: 'ratio() divides by b without checking it.',
  confidence_score: 0.9,
  priority: 1,
  code_location: { file_path: 'libs/alpha/src/index.ts', line_range: { start: 2, end: 2 } },
};
const REVIEW_ANSWER = {
  findings: [FINDING],
  overall_correctness: 'patch is incorrect',
  overall_explanation: 'One bug.',
  overall_confidence_score: 0.8,
};
const CLEAN_ANSWER = {
  findings: [],
  overall_correctness: 'patch is correct',
  overall_explanation: 'Fine.',
  overall_confidence_score: 0.9,
};
const answers = (value: unknown): Scenario => ({
  name: 'answer',
  steps: [{ kind: 'schema-json', value }],
  repeat: 'last',
});

const PROJECTS = {
  alpha: {
    'src/index.ts': 'export function ratio(a: number, b: number) {\n  return a / b;\n}\n',
    'src/util.ts': 'export const twice = (n: number) => n * 2;\n',
  },
  beta: { 'src/main.ts': 'console.log("beta");\n' },
};

let model: LocalModel;
let codexHome: { dir: string; env: Record<string, string>; cleanup(): void };
let ws: TempWorkspace;

const requestText = (request: LoggedRequest) => JSON.stringify(request.body?.input ?? request.body ?? request);
const reportDir = (project: string) => join(ws.dir, 'dist/codex-review', project);
const review = (project: string, extra: string[] = [], env: Record<string, string | undefined> = {}) =>
  ws.nx(['run', `${project}:codex-review`, ...extra], { ...codexHome.env, ...env });

beforeAll(async () => {
  model = await startLocalModel({ scenario: answers(REVIEW_ANSWER) });
  codexHome = createCodexHome({ baseUrl: model.url });
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
});
beforeEach(async () => {
  ws = createWorkspace({
    projects: PROJECTS,
    files: { '.codex/context.md': '# Team rules\nCONTEXT-MARKER-42: money is integer cents.\n' },
  });
  await model.setScenario(answers(REVIEW_ANSWER));
});
afterEach(() => ws.cleanup());

it('writes valid reports from the prompt it built, then answers the second run from the Nx cache', async () => {
  const before = (await model.requests()).length;
  const first = review('alpha');
  expect(first.code).toBe(0);
  expect(first.output).toContain('libs/alpha/src/index.ts:2');

  const result = JSON.parse(readFileSync(join(reportDir('alpha'), 'review.json'), 'utf8'));
  expect(result.findings).toHaveLength(1);
  expect(result.findings[0]).toMatchObject({ file: 'libs/alpha/src/index.ts', startLine: 2, priority: 1 });
  expect(result.filesReviewed.sort()).toEqual([
    'libs/alpha/project.json',
    'libs/alpha/src/index.ts',
    'libs/alpha/src/util.ts',
  ]);
  expect(result.codexVersion).toBe('0.169.0');
  expect(result.contextFiles).toEqual(['.codex/context.md']);
  expect(readFileSync(join(reportDir('alpha'), 'review.md'), 'utf8')).toContain('libs/alpha/src/index.ts:2');

  const sarif = validateSarif(join(reportDir('alpha'), 'review.sarif'));
  expect({ completed: sarif.completed, problems: sarif.problems }).toEqual({ completed: true, problems: [] });

  const requests = (await model.requests()).slice(before);
  expect(requests).toHaveLength(1);
  const text = requestText(requests[0]);
  expect(text).toContain('return a / b;');
  expect(text).toContain('CONTEXT-MARKER-42');
  expect(requests[0].body.text.format.type).toBe('json_schema');
  expect(JSON.stringify(requests[0].body.text.format.schema)).toContain('overall_correctness');

  const second = review('alpha');
  expect(second.code).toBe(0);
  expect(second.output).toMatch(/local cache|existing outputs match the cache/);
  expect(second.output).toContain('libs/alpha/src/index.ts:2');
  expect((await model.requests()).length - before).toBe(1);
});

it('writes to the outputPath a project.json gives, and a cache hit restores the reports there', async () => {
  ws.write(
    'libs/beta/project.json',
    JSON.stringify({ name: 'beta', targets: { 'codex-review': { options: { outputPath: 'reports/beta' } } } }),
  );
  expect(review('beta').code).toBe(0);
  expect(JSON.parse(readFileSync(join(ws.dir, 'reports/beta/review.json'), 'utf8')).project).toBe('beta');
  expect(existsSync(reportDir('beta'))).toBe(false);

  rmSync(join(ws.dir, 'reports'), { recursive: true });
  const before = (await model.requests()).length;
  const again = review('beta');
  expect(again.code).toBe(0);
  expect(again.output).toMatch(/local cache|existing outputs match the cache/);
  expect(existsSync(join(ws.dir, 'reports/beta/review.md'))).toBe(true);
  expect((await model.requests()).length).toBe(before);

  ws.write(
    'libs/beta/project.json',
    JSON.stringify({ name: 'beta', targets: { 'codex-review': { options: { outputPath: 'libs/beta' } } } }),
  );
  const refused = review('beta');
  expect(refused.code).not.toBe(0);
  expect(refused.output).toContain(
    'outputPath "libs/beta" of beta:codex-review is a folder that holds the project libs/beta: Nx deletes the output folder',
  );
  expect(refused.output).not.toContain('unexpected error');
});

it('re-reviews only the project whose file changed', async () => {
  expect(ws.nx(['run-many', '-t', 'codex-review'], codexHome.env).code).toBe(0);
  const before = (await model.requests()).length;
  ws.write('libs/beta/src/main.ts', 'console.log("beta, changed");\n');
  const rerun = ws.nx(['run-many', '-t', 'codex-review'], codexHome.env);
  expect(rerun.code).toBe(0);
  const requests = (await model.requests()).slice(before);
  expect(requests).toHaveLength(1);
  expect(requestText(requests[0])).toContain('beta, changed');
  expect(rerun.output).toMatch(/alpha:codex-review[^\n]*(local cache|existing outputs match the cache)/);
});

it('scope changes given on the command line to a whole-project target is refused: its cache key holds no base commit', async () => {
  ws.write('libs/alpha/src/util.ts', 'export const twice = (n: number) => n * 3;\n');
  const before = (await model.requests()).length;
  const result = review('alpha', ['--scope=changes']);
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('"scope": "changes" in the @nx-codex/codex-review/plugin options in nx.json');
  expect((await model.requests()).length).toBe(before);
  expect(existsSync(join(reportDir('alpha'), 'review.json'))).toBe(false);
});

it.each([
  ['a schema-violating answer', { kind: 'schema-violation' }, [], /does not fit|schema/i],
  ['HTTP 500 after retries', { kind: 'http-error', status: 500 }, ['--maxRetries=1'], /tried 2 times/i],
  [
    'a model slower than the timeout',
    { kind: 'slow-first-byte', delayMs: 20000, then: { kind: 'schema-json' } },
    ['--timeoutSeconds=3'],
    /timed out|timeout/i,
  ],
])(
  '%s fails the task with a clear message, leaves no report and is not cached',
  async (_name, step, extra, message) => {
    await model.setScenario({ name: 'fault', steps: [step as ScenarioStep], repeat: 'last' });
    const failed = review('alpha', extra);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(message);
    expect(failed.output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
    expect(existsSync(join(reportDir('alpha'), 'review.json'))).toBe(false);

    await model.setScenario(answers(REVIEW_ANSWER));
    const retried = review('alpha', extra);
    expect(retried.code).toBe(0);
    expect(retried.output).not.toMatch(/local cache/);
    expect(existsSync(join(reportDir('alpha'), 'review.json'))).toBe(true);
  },
);

it('splits an over-budget project into chunks and sends no call over the budget', async () => {
  const big = (n: number) =>
    Array.from({ length: 150 }, (_, i) => `export const value${n}_${i} = ${i} * ${n}; // line ${i}`).join('\n');
  for (let n = 0; n < 6; n++) ws.write(`libs/alpha/src/part${n}.ts`, big(n));
  await model.setScenario(answers(CLEAN_ANSWER));
  const before = (await model.requests()).length;
  const result = review('alpha', ['--maxPromptTokens=6000']);
  expect(result.code).toBe(0);
  const report = JSON.parse(readFileSync(join(reportDir('alpha'), 'review.json'), 'utf8'));
  expect(report.chunks).toBeGreaterThan(1);
  const requests = (await model.requests()).slice(before);
  expect(requests).toHaveLength(report.chunks);
  const { encode } = require('gpt-tokenizer/encoding/o200k_base');
  for (const request of requests) {
    const userText = userTexts(request.body).find((text) => text.includes('You are reviewing the Nx project'));
    expect(userText).toBeDefined();
    expect(encode(userText).length).toBeLessThanOrEqual(6000);
  }
});

it('a failing failOn gate fails the task and the rerun does not call the model again', async () => {
  const before = (await model.requests()).length;
  const first = review('alpha', ['--failOn=P1']);
  expect(first.code).not.toBe(0);
  expect(first.output).toContain('failOn P1');
  const second = review('alpha', ['--failOn=P1']);
  expect(second.code).not.toBe(0);
  expect(second.output).toContain('reusing its result');
  expect((await model.requests()).length - before).toBe(1);
});

it('a second clean copy of the workspace gets the review from the self-hosted remote cache', async () => {
  const cache = await startRemoteCache();
  const remoteEnv = { ...codexHome.env, ...cache.env };
  try {
    expect(ws.nx(['run-many', '-t', 'codex-review'], remoteEnv).code).toBe(0);
    const before = (await model.requests()).length;
    const copy = createWorkspace({
      projects: PROJECTS,
      files: { '.codex/context.md': '# Team rules\nCONTEXT-MARKER-42: money is integer cents.\n' },
    });
    try {
      const result = copy.nx(['run-many', '-t', 'codex-review'], remoteEnv);
      expect(result.code).toBe(0);
      expect(result.output).toMatch(/remote cache/);
      expect((await model.requests()).length).toBe(before);
      expect(existsSync(join(copy.dir, 'dist/codex-review/alpha/review.json'))).toBe(true);
      expect((await cache.stats()).hit).toBe(2);
    } finally {
      copy.cleanup();
    }
  } finally {
    await cache.stop();
  }
});

it('never changes the workspace (read-only sandbox), even when the model asks to write', async () => {
  await model.setScenario({
    name: 'write-attempt',
    steps: [
      {
        kind: 'apply_patch',
        patch: '*** Begin Patch\n*** Add File: libs/alpha/src/evil.ts\n+export {};\n*** End Patch\n',
        then: { kind: 'schema-json', value: CLEAN_ANSWER },
      },
    ],
    repeat: 'last',
  });
  const result = review('alpha');
  expect(result.code).toBe(0);
  expect(existsSync(join(ws.dir, 'libs/alpha/src/evil.ts'))).toBe(false);
  writeFileSync(join(ws.dir, 'probe'), '');
  expect(ws.git('status', '--porcelain').trim()).toBe('?? probe');
});
