/**
 * list_projects and get_review answer from the project graph the server keeps, without starting
 * nx, until a file the graph depends on changes. Proven without timing: once the graph is known,
 * the workspace's nx is taken away (node_modules/nx, the only nx the server may start); the tools
 * still answer, and a new project makes them ask Nx again (which then fails, until nx is back).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTempWorkspace,
  expectNothingLeftThenClean,
  startServer,
  testing,
  textOf,
  type RunningServer,
  type TempWorkspace,
} from './harness';

type Listed = { projects: Array<{ name: string; targets: { review: boolean }; review: { status: string } }> };

describe('nx-codex-mcp: the project graph is kept between calls', () => {
  let home: testing.CodexHome;
  let workspace: TempWorkspace;
  let server: RunningServer;
  const nxDir = () => join(workspace.dir, 'node_modules', 'nx');
  const hiddenNxDir = () => join(workspace.dir, 'node_modules', 'nx-hidden');
  const listed = async () => {
    const result = await server.client.callTool({ name: 'list_projects', arguments: {} });
    return {
      result,
      rows: ((result.structuredContent as Listed | undefined)?.projects ?? []).map((p) => [
        p.name,
        p.targets.review,
        p.review.status,
      ]),
    };
  };

  beforeAll(async () => {
    home = testing.createCodexHome({ baseUrl: 'http://127.0.0.1:9/v1' });
    workspace = createTempWorkspace(
      { alpha: { 'src/index.ts': 'export const alpha = 1;\n' } },
      { plugins: ['@nx-codex/codex-review'], installServerBin: true },
    );
    server = await startServer({ cwd: workspace.dir, env: home.env });
  });

  afterAll(async () => {
    await server?.close();
    await expectNothingLeftThenClean(workspace, home);
  });

  it('answers list_projects and get_review without nx once the graph is known, and asks Nx again when a project is added', async () => {
    expect((await listed()).rows).toEqual([['alpha', true, 'missing']]);

    renameSync(nxDir(), hiddenNxDir());
    const warm = await listed();
    expect(warm.result.isError).toBeFalsy();
    expect(warm.rows).toEqual([['alpha', true, 'missing']]);
    const review = await server.client.callTool({ name: 'get_review', arguments: { project: 'alpha' } });
    expect(review.isError).toBeFalsy();
    expect(review.structuredContent).toMatchObject({ project: 'alpha', exists: false });
    const unknown = await server.client.callTool({ name: 'get_review', arguments: { project: 'alph' } });
    expect(textOf(unknown)).toMatch(/Unknown project "alph" in the workspace\. Did you mean "alpha"\?/);

    mkdirSync(join(workspace.dir, 'libs/beta'));
    writeFileSync(join(workspace.dir, 'libs/beta/project.json'), JSON.stringify({ name: 'beta', root: 'libs/beta' }));
    const changed = await listed();
    expect(changed.result.isError).toBe(true);
    expect(textOf(changed.result)).toMatch(/Nx is not installed in the workspace/);

    renameSync(hiddenNxDir(), nxDir());
    expect((await listed()).rows).toEqual([
      ['alpha', true, 'missing'],
      ['beta', true, 'missing'],
    ]);
  });
});
