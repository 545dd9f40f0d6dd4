/**
 * What a review costs, with real Nx, the real codex 0.169 CLI and tools/local-model (its request log
 * is the referee): chunk reuse after a one-file change, chunk sharing through a self-hosted remote
 * cache, and a run budget that stops spending.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  createWorkspace,
  type TempWorkspace,
  startLocalModel,
  createCodexHome,
  startRemoteCache,
  type Scenario,
  userTexts,
  type LocalModel,
  type LoggedRequest,
} from '@nx-codex/testing';

const CLEAN_ANSWER = {
  findings: [],
  overall_correctness: 'patch is correct',
  overall_explanation: 'Fine.',
  overall_confidence_score: 0.9,
};
const SCENARIO: Scenario = { name: 'clean', steps: [{ kind: 'schema-json', value: CLEAN_ANSWER }], repeat: 'last' };

/** `count` files of about 1,300 tokens each, in four folders. */
function bigProject(count: number, lines = 90): Record<string, string> {
  const files: Record<string, string> = {};
  for (let n = 0; n < count; n++) {
    const folder = ['api', 'core', 'ui', 'util'][n % 4];
    files[`src/${folder}/m${String(n).padStart(3, '0')}.ts`] =
      Array.from(
        { length: lines },
        (_, i) => `export const value${n}_${i} = ${i} * ${n}; // line ${i} of module ${n}`,
      ).join('\n') + '\n';
  }
  return files;
}

let model: LocalModel;
let codexHome: { dir: string; env: Record<string, string>; cleanup(): void };
const workspaces: TempWorkspace[] = [];

const userPrompt = (request: LoggedRequest): string => userTexts(request.body).join('\n');
const reviewRequests = async (since: number) =>
  (await model.requests()).slice(since).filter((request) => request.path.endsWith('/responses'));
const reportOf = (ws: TempWorkspace, project: string) =>
  JSON.parse(readFileSync(join(ws.dir, 'dist/codex-review', project, 'review.json'), 'utf8'));
const workspace = (projects: Record<string, Record<string, string>>) => {
  const ws = createWorkspace({ projects });
  workspaces.push(ws);
  return ws;
};

beforeAll(async () => {
  model = await startLocalModel({ scenario: SCENARIO });
  codexHome = createCodexHome({ baseUrl: model.url });
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
  workspaces.forEach((ws) => ws.cleanup());
});

describe('chunk reuse', () => {
  const files = bigProject(200);
  let cache: { env: Record<string, string>; stats(): Promise<{ hit: number; put: number }>; stop(): Promise<void> };
  beforeAll(async () => {
    cache = await startRemoteCache();
  });
  afterAll(async () => cache?.stop());

  it('after a one-file change, sends only the chunk of that file; a clean copy gets the unchanged chunks from the remote cache', async () => {
    const env = { ...codexHome.env, ...cache.env };
    const ws = workspace({ big: files });
    const before = (await model.requests()).length;
    const first = ws.nx(['run', 'big:codex-review'], env);
    expect(first.code).toBe(0);
    const full = await reviewRequests(before);
    const report = reportOf(ws, 'big');
    expect(report.chunks).toBeGreaterThan(5);
    expect(full).toHaveLength(report.chunks);
    expect(report.chunkResults.every((chunk: { source: string }) => chunk.source === 'sent')).toBe(true);
    const fullChars = full.reduce((sum, request) => sum + userPrompt(request).length, 0);

    // One file changes: Nx re-runs the task, and only the chunk holding that file goes to the model.
    ws.write(
      'libs/big/src/core/m101.ts',
      files['src/core/m101.ts'].replace('line 7 of module 101', 'line 7 of module 101, CHANGED'),
    );
    const mark = (await model.requests()).length;
    const second = ws.nx(['run', 'big:codex-review'], env);
    expect(second.code).toBe(0);
    expect(second.output).toMatch(/chunk\(s\) unchanged: results reused/);
    const resent = await reviewRequests(mark);
    expect(resent).toHaveLength(1);
    expect(userPrompt(resent[0])).toContain('CHANGED');
    expect(userPrompt(resent[0]).length).toBeLessThanOrEqual(0.15 * fullChars);
    const again = reportOf(ws, 'big');
    expect(again.chunkResults.map((chunk: { source: string }) => chunk.source).sort()).toEqual(
      [...Array(again.chunks - 1).fill('local'), 'sent'].sort(),
    );
    expect(again.chunks).toBe(report.chunks);

    // A clean copy with a different one-file change: its Nx task is new, its unchanged chunks come from the remote cache.
    const copy = workspace({
      big: { ...files, 'src/api/m000.ts': `${files['src/api/m000.ts']}export const added = 1;\n` },
    });
    const copyMark = (await model.requests()).length;
    const hitsBefore = (await cache.stats()).hit;
    const fromCopy = copy.nx(['run', 'big:codex-review'], env);
    expect(fromCopy.code).toBe(0);
    const copyRequests = await reviewRequests(copyMark);
    expect(copyRequests).toHaveLength(1);
    expect(userPrompt(copyRequests[0])).toContain('export const added = 1;');
    const copied = reportOf(copy, 'big');
    expect(copied.chunkResults.filter((chunk: { source: string }) => chunk.source === 'remote')).toHaveLength(
      copied.chunks - 1,
    );
    expect((await cache.stats()).hit - hitsBefore).toBe(copied.chunks - 1);
  });
});

describe('run budget', () => {
  it('stops the calls of a run at its budget: refused tasks say why, are not cached, and nothing over the budget is sent', async () => {
    const projects = Object.fromEntries(['p1', 'p2', 'p3', 'p4', 'p5'].map((name) => [name, bigProject(4, 40)]));
    const ws = workspace(projects);
    const budget = 20_000;
    const before = (await model.requests()).length;
    const run = ws.nx(['run-many', '-t', 'codex-review', '--parallel=2', `--maxRunTokens=${budget}`], codexHome.env);
    expect(run.code).not.toBe(0);
    const done = Object.keys(projects).filter((project) =>
      existsSync(join(ws.dir, 'dist/codex-review', project, 'review.json')),
    );
    const refused = Object.keys(projects).filter((project) => !done.includes(project));
    expect(done.length).toBeGreaterThan(0);
    expect(refused.length).toBeGreaterThan(0);
    for (const project of refused)
      expect(run.output).toMatch(
        new RegExp(
          `\\[codex-review ${project}\\] review failed: Run budget reached: .*maxRunTokens ${budget}\\. The call was not made`,
        ),
      );

    // The referee: one request per finished task, and what the model reported for them stays within the budget.
    const requests = await reviewRequests(before);
    expect(requests).toHaveLength(done.length);
    const spent = done.reduce(
      (sum, project) => sum + reportOf(ws, project).usage.inputTokens + reportOf(ws, project).usage.outputTokens,
      0,
    );
    expect(spent).toBeLessThanOrEqual(budget);
    const ledgers = readdirSync(join(ws.dir, '.nx/workspace-data/codex-review/runs')).filter((name) =>
      name.endsWith('.json'),
    );
    expect(ledgers).toHaveLength(1);
    const ledger = JSON.parse(readFileSync(join(ws.dir, '.nx/workspace-data/codex-review/runs', ledgers[0]), 'utf8'));
    expect(ledger.spentTokens).toBe(spent);
    expect(
      Object.keys(ledger.tasks)
        .filter((task) => ledger.tasks[task].refused)
        .sort(),
    ).toEqual(refused.sort());

    // Tasks already done keep their results (cache hits); the refused ones run when the budget allows.
    const rerun = ws.nx(['run-many', '-t', 'codex-review', '--parallel=2'], codexHome.env);
    expect(rerun.code).toBe(0);
    // (the budget option is part of Nx's hash, so a rerun without it is an Nx miss: the stored result is reused without a model call)
    for (const project of done)
      expect(rerun.output).toMatch(
        new RegExp(
          `\\[codex-review ${project}\\] inputs unchanged since the last review: reusing its result|${project}:codex-review[^\\n]*local cache`,
        ),
      );
    expect(await reviewRequests(before)).toHaveLength(Object.keys(projects).length);
  });
});
