/**
 * `scope: changes` as a team on a `master` repository uses it: real Nx (`nx affected`), real codex
 * 0.169, tools/local-model. One target is inferred by the plugin, the other written by
 * `nx g @nx-codex/setup:configuration`; both come from core's one definition, so both must put the
 * compared commits in the cache key, send each file's diff, and mark findings off the change.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createWorkspace,
  repoRoot as REPO_ROOT,
  run,
  type RunResult,
  type TempWorkspace,
  userTexts,
  type LoggedRequest,
} from '@nx-codex/testing';
import {
  answers,
  CLEAN_ANSWER,
  reportDir,
  requestsSince,
  requestCount,
  testing,
  wasCacheHit,
  type LocalModel,
} from '../faults/helpers';

const ALPHA = 'libs/alpha/src/index.ts';
const finding = (line: number, title: string) => ({
  title,
  body: `${title}.`,
  confidence_score: 0.9,
  priority: 1,
  code_location: { file_path: ALPHA, line_range: { start: line, end: line } },
});
// Line 3 is what the feature branch changes; line 9 is old code.
const ANSWER = {
  findings: [finding(3, 'Divides by zero'), finding(9, 'Old off-by-one')],
  overall_correctness: 'patch is incorrect',
  overall_explanation: 'Two.',
  overall_confidence_score: 0.8,
};
const lines = (count: number, changed?: string) =>
  Array.from({ length: count }, (_, i) => (i === 2 && changed ? changed : `export const v${i} = ${i};`)).join('\n') +
  '\n';

let model: LocalModel;
let codexHome: ReturnType<typeof testing.createCodexHome>;
let ws: TempWorkspace;

const json = (project: string) => JSON.parse(readFileSync(join(reportDir(ws, project), 'review.json'), 'utf8'));
const affected = (extra: string[] = [], env: Record<string, string | undefined> = {}): RunResult =>
  ws.nx(['affected', '-t', 'codex-review', ...extra], { ...codexHome.env, ...env });
const commit = (message: string) => {
  ws.git('add', '-A');
  ws.git('-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', 'commit', '-qm', message);
};
const userPrompt = (request: LoggedRequest): string =>
  userTexts(request.body).find((text) => text.includes('You are reviewing the Nx project')) ?? '';
const projectOf = (prompt: string) => /You are reviewing the Nx project "([^"]+)"/.exec(prompt)?.[1];

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: answers(ANSWER) });
  codexHome = testing.createCodexHome({ baseUrl: model.url });
  ws = createWorkspace({
    projects: {
      alpha: { 'src/index.ts': lines(12) },
      beta: { 'src/main.ts': 'export const beta = 1;\n' },
      gamma: { 'src/g.ts': 'export const g = 1;\n' },
    },
    files: {
      'nx.json': JSON.stringify(
        {
          defaultBase: 'master',
          plugins: [{ plugin: '@nx-codex/codex-review/plugin', options: { scope: 'changes' } }],
        },
        null,
        2,
      ),
    },
  });
  ws.git('branch', '-m', 'main', 'master');
  // beta's review target is written by setup's generator, not inferred.
  const nxBin = join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js');
  const generated = run(
    process.execPath,
    [
      nxBin,
      'g',
      '@nx-codex/setup:configuration',
      'beta',
      '--targets=codex-review',
      '--scope=changes',
      '--no-interactive',
    ],
    ws.dir,
    {},
  );
  expect({ code: generated.code, output: generated.code === 0 ? '' : generated.output }).toEqual({
    code: 0,
    output: '',
  });
  commit('beta: written codex-review target');
  ws.git('checkout', '-q', '-b', 'feature');
  ws.write(ALPHA, lines(12, 'export const ratio = (a: number, b: number) => a / b;'));
  ws.write('libs/beta/src/main.ts', 'export const beta = 2;\n');
  commit('feature: first');
  ws.write('libs/beta/src/main.ts', 'export const beta = 3;\n');
  ws.write('libs/alpha/src/extra.ts', 'export const extra = 1;\n');
  commit('feature: second');
}, 300_000);
afterAll(async () => {
  ws?.cleanup();
  await model?.stop();
  codexHome?.cleanup();
});

it('reviews the affected projects against master (nx.json defaultBase), sending each diff, for the inferred and the written target', async () => {
  const before = await requestCount(model);
  const result = affected();
  expect(result.code).toBe(0);
  expect(result.output).not.toContain('gamma:codex-review');
  const prompts = (await requestsSince(model, before)).map(userPrompt);
  expect(prompts.map(projectOf).sort()).toEqual(['alpha', 'beta']);
  const alpha = prompts.find((prompt) => projectOf(prompt) === 'alpha') as string;
  expect(alpha).toContain('Review the change');
  expect(alpha).toContain('Change (unified diff against the base):');
  expect(alpha).toContain('-export const v2 = 2;\n+export const ratio = (a: number, b: number) => a / b;');
  expect(alpha).toContain('File: libs/alpha/src/extra.ts\nChange: new file');
  expect(alpha).toContain('   9| export const v8 = 8;'); // the whole new version is there too
  const beta = prompts.find((prompt) => projectOf(prompt) === 'beta') as string;
  expect(beta).toContain('-export const beta = 1;\n+export const beta = 3;');

  expect(json('alpha')).toMatchObject({ scope: 'changes', base: 'master' });
  expect(json('beta')).toMatchObject({ scope: 'changes', base: 'master', filesReviewed: ['libs/beta/src/main.ts'] });
  const findings = json('alpha').findings.map((f: { startLine: number; outsideChange?: boolean }) => [
    f.startLine,
    f.outsideChange ?? false,
  ]);
  expect(findings).toEqual([
    [3, false],
    [9, true],
  ]);
  expect(readFileSync(join(reportDir(ws, 'alpha'), 'review.md'), 'utf8')).toMatch(
    /Old off-by-one\*\* · `libs\/alpha\/src\/index.ts:9` · confidence [^\n]* · outside the changed lines/,
  );
});

it('replays the same base from the cache, and treats another base as a cache miss, for both targets', async () => {
  const before = await requestCount(model);
  const again = affected();
  expect(again.code).toBe(0);
  expect(wasCacheHit(again, 'alpha:codex-review') && wasCacheHit(again, 'beta:codex-review')).toBe(true);
  expect(await requestsSince(model, before)).toHaveLength(0);

  const moved = affected([], { NX_BASE: 'HEAD~1' });
  expect(moved.code).toBe(0);
  expect(wasCacheHit(moved, 'alpha:codex-review') || wasCacheHit(moved, 'beta:codex-review')).toBe(false);
  const prompts = (await requestsSince(model, before)).map(userPrompt);
  expect(prompts.map(projectOf).sort()).toEqual(['alpha', 'beta']);
  expect(json('beta')).toMatchObject({ base: 'HEAD~1' });
  expect(prompts.find((prompt) => projectOf(prompt) === 'beta')).toContain(
    '-export const beta = 2;\n+export const beta = 3;',
  );
  expect(json('alpha').filesReviewed).toEqual(['libs/alpha/src/extra.ts']);
});

it('--skip-nx-cache asks the model again instead of reusing the stored review.json', async () => {
  const before = await requestCount(model);
  const fresh = affected(['--skip-nx-cache']);
  expect(fresh.code).toBe(0);
  expect(fresh.output).toContain('a fresh review was asked for (--skip-nx-cache)');
  expect(fresh.output).not.toContain('reusing its result');
  expect((await requestsSince(model, before)).map(userPrompt).map(projectOf).sort()).toEqual(['alpha', 'beta']);
});

it('--excludeFiles reaches the executor through nx affected (Nx keeps --exclude for its project filter)', async () => {
  await model.setScenario(answers(CLEAN_ANSWER));
  const result = affected(['--excludeFiles=src/extra.ts']);
  expect(result.code).toBe(0);
  expect(json('alpha').filesReviewed).toEqual([ALPHA]);
  await model.setScenario(answers(ANSWER));
});

it('a base given on the command line that the cache key does not hold is refused, with advice that works', async () => {
  const before = await requestCount(model);
  const result = affected(['--changesBase=HEAD~1']);
  expect(result.code).not.toBe(0);
  expect(result.output).toContain('Run with NX_BASE=HEAD~1 instead');
  expect(await requestsSince(model, before)).toHaveLength(0);
});

it('--configuration=offline in a workspace without an offline scenario fails without calling any model', async () => {
  const before = await requestCount(model);
  const result = ws.nx(['run', 'alpha:codex-review', '--configuration=offline', '--skip-nx-cache'], codexHome.env);
  expect(result.code).not.toBe(0);
  expect(result.output).toContain(
    'the offline configuration answers from a scripted local model, and this target has no scenario, so nothing was sent to any model',
  );
  expect(await requestsSince(model, before)).toHaveLength(0);
});
