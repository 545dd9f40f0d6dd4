import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CreateNodesContextV2, TargetConfiguration } from '@nx/devkit';
import { createNodes, createNodesV2 } from './plugin';

describe('test-generation inference plugin', () => {
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
    root = mkdtempSync(path.join(tmpdir(), 'tg-plugin-'));
    write('package.json', { name: 'ws', workspaces: ['packages/*'] });
    write('libs/a/project.json', { name: 'a' });
    write('packages/b/package.json', { name: '@ws/b' });
    write('tools/scripts/package.json', { name: 'not-a-project' });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('adds an uncached codex-generate-tests target to project.json projects and workspace packages', async () => {
    const results = await infer(
      ['libs/a/project.json', 'packages/b/package.json', 'tools/scripts/package.json', 'package.json'],
      {},
    );
    expect(results.map(([file]) => file)).toEqual(['libs/a/project.json', 'packages/b/package.json']);
    const target = results[0][1].projects?.['libs/a'].targets['codex-generate-tests'];
    expect(target).toMatchObject({
      executor: '@nx-codex/test-generation:generate',
      cache: false,
      outputs: ['{options.outputPath}'],
      options: { outputPath: '{workspaceRoot}/dist/codex-generate-tests/{projectName}' },
    });
    expect(target?.configurations).toEqual({ offline: { offline: true } });
    expect(createNodes).toBe(createNodesV2);
  });

  it('honours targetName, include/exclude and the offline configuration', async () => {
    const results = await infer(['libs/a/project.json', 'packages/b/package.json'], {
      targetName: 'write-tests',
      include: ['packages/*'],
      offlineScenario: 'tools/s.json',
    });
    expect(results[0][1]).toEqual({});
    expect(results[1][1].projects?.['packages/b'].targets['write-tests'].configurations).toEqual({
      offline: { offline: true, localModelScenario: 'tools/s.json' },
    });
    expect((await infer(['libs/a/project.json'], { exclude: ['a'] }))[0][1]).toEqual({});
  });
});
