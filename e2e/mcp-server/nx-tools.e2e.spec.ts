/**
 * The Nx-aware tools against a temporary workspace that uses the @nx-codex/codex-review plugin,
 * with the real codex 0.169.0 and tools/local-model: review_project runs the codex-review target
 * through Nx, so the second review of an unchanged project comes from the Nx cache.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import {
  createTempWorkspace,
  expectNothingLeftThenClean,
  processesIn,
  startServer,
  testing,
  textOf,
  waitFor,
  type RunningServer,
  type TempWorkspace,
} from './harness';

const REVIEW_ANSWER: testing.Scenario = {
  name: 'alpha-review',
  steps: [
    {
      kind: 'schema-json',
      value: {
        findings: [
          {
            title: 'divide() does not guard against zero',
            body: 'divide(1, 0) returns Infinity; callers expect an error.',
            confidence_score: 0.8,
            priority: 1,
            code_location: { file_path: 'libs/alpha/src/math.ts', line_range: { start: 2, end: 2 } },
          },
        ],
        overall_correctness: 'patch is incorrect',
        overall_explanation: 'One defect in divide().',
        overall_confidence_score: 0.8,
      },
    },
  ],
  repeat: 'last',
};

interface ReviewAnswer {
  project: string;
  fromCache: boolean;
  cache: string | null;
  report: { project: string; findings: Array<{ title: string; file: string; priority: number }>; verdict: string };
}

describe('nx-codex-mcp: Nx tools', () => {
  let model: testing.LocalModel;
  let home: testing.CodexHome;
  let workspace: TempWorkspace;
  let server: RunningServer;

  beforeAll(async () => {
    model = await testing.startLocalModel({ scenario: REVIEW_ANSWER });
    home = testing.createCodexHome({ baseUrl: model.url });
    workspace = createTempWorkspace(
      {
        alpha: { 'src/math.ts': 'export function divide(a: number, b: number): number {\n  return a / b;\n}\n' },
        beta: { 'src/index.ts': 'export const beta = 2;\n' },
      },
      { plugins: ['@nx-codex/codex-review'] },
    );
    server = await startServer({ cwd: workspace.dir, env: home.env });
  });

  afterAll(async () => {
    await server?.close();
    await model?.stop();
    await expectNothingLeftThenClean(workspace, home);
  });

  it('reviews a project, then answers the unchanged project from the Nx cache without a model call', async () => {
    const progress: string[] = [];
    const first = await server.client.callTool(
      { name: 'review_project', arguments: { project: 'alpha' } },
      CallToolResultSchema,
      {
        onprogress: (p) => progress.push(p.message ?? ''),
        timeout: 55000,
      },
    );
    expect(textOf(first)).not.toMatch(/failed/i);
    expect(first.isError).toBeFalsy();
    const fresh = first.structuredContent as unknown as ReviewAnswer;
    expect(fresh).toMatchObject({ project: 'alpha', fromCache: false, cache: null });
    expect(fresh.report.findings).toEqual([
      expect.objectContaining({
        title: 'divide() does not guard against zero',
        file: 'libs/alpha/src/math.ts',
        priority: 1,
      }),
    ]);
    expect(fresh.report.verdict).toBe('changes-needed');
    expect(textOf(first)).toContain('divide() does not guard against zero');
    expect(progress.some((line) => line.includes('nx run alpha:codex-review'))).toBe(true);
    const modelCalls = (await model.requests()).length;
    expect(modelCalls).toBeGreaterThan(0);

    const second = await server.client.callTool({ name: 'review_project', arguments: { project: 'alpha' } });
    expect(second.isError).toBeFalsy();
    const cached = second.structuredContent as unknown as ReviewAnswer;
    expect(cached).toMatchObject({ project: 'alpha', fromCache: true, cache: 'local' });
    expect(cached.report).toEqual(fresh.report);
    expect(textOf(second)).toContain('from the Nx local cache, no model call');
    expect((await model.requests()).length).toBe(modelCalls);
  });

  it('lists projects with the state of their last review, and get_review says when it went stale', async () => {
    const listed = await server.client.callTool({ name: 'list_projects', arguments: {} });
    expect(listed.isError).toBeFalsy();
    const projects = (listed.structuredContent as { projects: Array<{ name: string; review: { status: string } }> })
      .projects;
    expect(projects.map((p) => [p.name, p.review.status])).toEqual([
      ['alpha', 'current'],
      ['beta', 'missing'],
    ]);

    const current = await server.client.callTool({ name: 'get_review', arguments: { project: 'alpha' } });
    expect(current.structuredContent).toMatchObject({ project: 'alpha', exists: true, current: true, stale: false });

    appendFileSync(join(workspace.dir, 'libs/alpha/src/math.ts'), 'export const changed = true;\n');
    const stale = await server.client.callTool({ name: 'get_review', arguments: { project: 'alpha' } });
    expect(stale.structuredContent).toMatchObject({ project: 'alpha', exists: true, current: false, stale: true });
    expect(textOf(stale)).toMatch(/STALE/);

    const none = await server.client.callTool({ name: 'get_review', arguments: { project: 'beta' } });
    expect(none.structuredContent).toMatchObject({ project: 'beta', exists: false, report: null });
    expect(textOf(none)).toMatch(/no review yet \(call review_project/);
  });

  it('names close projects for an unknown one, and refuses a project without the target', async () => {
    const unknown = await server.client.callTool({ name: 'review_project', arguments: { project: 'alph' } });
    expect(unknown.isError).toBe(true);
    expect(textOf(unknown)).toMatch(/Unknown project "alph" in the workspace\. Did you mean "alpha"\?/);

    const generate = await server.client.callTool({
      name: 'generate_tests',
      arguments: { project: 'beta', dryRun: true },
    });
    expect(generate.isError).toBe(true);
    expect(textOf(generate)).toMatch(/Project "beta" has no "codex-generate-tests" target/);

    const ok = await server.client.callTool({ name: 'list_projects', arguments: {} });
    expect(ok.isError).toBeFalsy();
  });

  it('stops nx and the codex it started when the client cancels a review', async () => {
    await model.setScenario({ name: 'slow', steps: [{ kind: 'message', text: 'too late', delayMs: 40000 }] });
    await model.reset();
    const controller = new AbortController();
    const call = server.client.callTool(
      { name: 'review_project', arguments: { project: 'beta' } },
      CallToolResultSchema,
      { signal: controller.signal },
    );
    await waitFor('the review to reach the model', async () => (await model.requests()).length > 0, 30000);
    const spawned = () => processesIn(workspace.dir).filter((p) => p.pid !== server.pid);
    expect(
      spawned()
        .map((p) => p.cmdline)
        .join('\n'),
    ).toMatch(/codex/);
    controller.abort();
    await expect(call).rejects.toThrow();
    await waitFor('nx and codex to stop', () => spawned().length === 0, 10000);

    await model.setScenario(REVIEW_ANSWER);
    const after = await server.client.callTool({ name: 'get_review', arguments: { project: 'alpha' } });
    expect(after.isError).toBeFalsy();
  });
});

describe('nx-codex-mcp: review_project with a failOn gate', () => {
  it('returns the findings with gateFailed instead of an error, and does not ask the model again', async () => {
    const model = await testing.startLocalModel({ scenario: REVIEW_ANSWER });
    const home = testing.createCodexHome({ baseUrl: model.url });
    const workspace = createTempWorkspace(
      { alpha: { 'src/math.ts': 'export function divide(a: number, b: number): number {\n  return a / b;\n}\n' } },
      {
        plugins: ['@nx-codex/codex-review'],
        nxJson: { targetDefaults: { 'codex-review': { options: { failOn: 'P1' } } } },
      },
    );
    const server = await startServer({ cwd: workspace.dir, env: home.env });
    try {
      for (const round of [1, 2]) {
        const result = await server.client.callTool({ name: 'review_project', arguments: { project: 'alpha' } });
        expect({ round, isError: result.isError ?? false }).toEqual({ round, isError: false });
        expect(result.structuredContent).toMatchObject({
          project: 'alpha',
          gateFailed: true,
          fromCache: false,
          report: { findings: [{ priority: 1 }] },
        });
        expect(textOf(result)).toContain('failed its failOn gate');
        // Nx does not cache a failed task; the second run reuses the stored answer instead of the model.
        expect((await model.requests()).length).toBe(1);
      }
    } finally {
      await server.close();
      await model.stop();
      await expectNothingLeftThenClean(workspace, home);
    }
  });
});
