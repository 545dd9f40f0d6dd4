import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CreateNodesContextV2, TargetConfiguration } from '@nx/devkit';
import { createNodes, createNodesV2 } from './plugin';

describe('codex-review inference plugin', () => {
  let root: string;
  const write = (file: string, content: unknown) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), JSON.stringify(content));
  };
  const infer = async (files: string[], options: object) =>
    (await createNodesV2[1](files, options, {
      workspaceRoot: root,
      nxJsonConfiguration: {},
    } as CreateNodesContextV2)) as Array<
      readonly [string, { projects?: Record<string, { targets: Record<string, TargetConfiguration> }> }]
    >;

  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'review-plugin-'));
    write('package.json', { name: 'ws', workspaces: ['packages/*'] });
    write('libs/a/project.json', { name: 'a' });
    write('packages/b/package.json', { name: '@ws/b' });
    write('tools/scripts/package.json', { name: 'not-a-project' });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('adds a cached codex-review target whose inputs carry the context, the settings fingerprint and no secret', async () => {
    const results = await infer(
      ['libs/a/project.json', 'packages/b/package.json', 'tools/scripts/package.json', 'package.json'],
      {},
    );
    expect(results.map(([file]) => file)).toEqual(['libs/a/project.json', 'packages/b/package.json']);
    const target = results[0][1].projects?.['libs/a'].targets['codex-review'];
    expect(target).toMatchObject({
      executor: '@nx-codex/codex-review:review',
      cache: true,
      outputs: ['{options.outputPath}'],
      options: { scope: 'project', outputPath: '{workspaceRoot}/dist/codex-review/{projectName}' },
      inputs: [
        '{projectRoot}/**/*',
        '{workspaceRoot}/.codex/context.md',
        '{workspaceRoot}/.codex/config.toml',
        { runtime: 'sh node_modules/@nx-codex/core/dist/cli/settings-fingerprint.sh' },
      ],
    });
    expect(JSON.stringify(target?.inputs)).not.toMatch(/API_KEY|auth\.json|env/);
    expect(createNodes).toBe(createNodesV2);
  });

  it('adds the resolved base commit to the inputs only for scope changes', async () => {
    const [[, result]] = await infer(['libs/a/project.json'], { scope: 'changes' });
    const target = result.projects?.['libs/a'].targets['codex-review'];
    expect(target?.options).toEqual({
      scope: 'changes',
      outputPath: '{workspaceRoot}/dist/codex-review/{projectName}',
    });
    expect(target?.inputs).toContainEqual({ runtime: 'node node_modules/@nx-codex/core/dist/cli/main.js base-commit' });
  });

  it('honours targetName, include/exclude and the offline configuration', async () => {
    const results = await infer(['libs/a/project.json', 'packages/b/package.json'], {
      targetName: 'review',
      include: ['packages/*'],
      offlineScenario: 'tools/s.json',
    });
    expect(results[0][1]).toEqual({});
    expect(results[1][1].projects?.['packages/b'].targets['review'].configurations).toEqual({
      offline: { offline: true, localModelScenario: 'tools/s.json' },
    });
    expect((await infer(['libs/a/project.json'], { exclude: ['a'] }))[0][1]).toEqual({});
    expect((await infer(['libs/a/project.json'], { include: ['libs/**'] }))[0][1].projects?.['libs/a']).toBeDefined();
  });

  it('matches root globs with minimatch ({apps,libs}/*) and reports a malformed project.json by file instead of skipping it', async () => {
    write('apps/web/project.json', { name: 'web' });
    const results = await infer(['apps/web/project.json', 'libs/a/project.json', 'packages/b/package.json'], {
      include: ['{apps,libs}/*'],
    });
    expect(results.map(([file, result]) => [file, Object.keys(result.projects ?? {})])).toEqual([
      ['apps/web/project.json', ['apps/web']],
      ['libs/a/project.json', ['libs/a']],
      ['packages/b/package.json', []],
    ]);
    writeFileSync(path.join(root, 'libs/a/project.json'), '{ "name": "a", }');
    const failure = await infer(['apps/web/project.json', 'libs/a/project.json'], {}).catch(
      (error: unknown) => error as { errors: Array<[string, Error]>; partialResults: unknown[] },
    );
    expect(failure).toMatchObject({
      errors: [
        [
          'libs/a/project.json',
          expect.objectContaining({ message: expect.stringMatching(/libs\/a\/project.json is not valid JSON/) }),
        ],
      ],
    });
    expect((failure as { partialResults: unknown[] }).partialResults).toHaveLength(1);
  });

  it('always defines the offline configuration, so --configuration=offline cannot fall through to the real model', async () => {
    const [[, result]] = await infer(['libs/a/project.json'], {});
    expect(result.projects?.['libs/a'].targets['codex-review'].configurations).toEqual({ offline: { offline: true } });
  });
});
