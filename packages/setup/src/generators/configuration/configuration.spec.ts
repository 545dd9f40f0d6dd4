import { addProjectConfiguration, logger, readJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { configurationGenerator } from './configuration';
import { generateTestsTarget, reviewTarget } from '@nx-codex/core/plugin-support';

describe('configuration generator', () => {
  let tree: Tree;
  beforeEach(() => {
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    tree = createTreeWithEmptyWorkspace();
    addProjectConfiguration(tree, 'lib-a', {
      root: 'libs/a',
      targets: { build: { executor: 'nx:run-commands', options: { command: 'tsc' } } },
    });
  });
  afterEach(() => jest.restoreAllMocks());

  it('adds both targets as the inference plugins define them (one definition in core), and keeps the others', async () => {
    await configurationGenerator(tree, { project: 'lib-a' });
    const { metadata: _review, ...review } = reviewTarget();
    const { metadata: _tests, ...tests } = generateTestsTarget();
    expect(readJson(tree, 'libs/a/project.json').targets).toEqual({
      build: { executor: 'nx:run-commands', options: { command: 'tsc' } },
      'codex-review': review,
      'codex-generate-tests': tests,
    });
    expect(review).toMatchObject({
      executor: '@nx-codex/codex-review:review',
      cache: true,
      configurations: { offline: { offline: true } },
    });
  });

  it('writes a changes-scope review whose cache key holds the compared commits', async () => {
    await configurationGenerator(tree, {
      project: 'lib-a',
      targets: ['codex-review'],
      scope: 'changes',
      changesBase: 'develop',
    });
    const target = readJson(tree, 'libs/a/project.json').targets['codex-review'];
    expect(target.options).toEqual({
      scope: 'changes',
      changesBase: 'develop',
      outputPath: '{workspaceRoot}/dist/codex-review/{projectName}',
    });
    expect(target.inputs).toContainEqual({
      runtime: 'node node_modules/@nx-codex/core/dist/cli/main.js base-commit --base=develop',
    });
  });

  it('adds only the targets asked for', async () => {
    await configurationGenerator(tree, { project: 'lib-a', targets: ['codex-review'] });
    const targets = readJson(tree, 'libs/a/project.json').targets;
    expect(Object.keys(targets)).toEqual(['build', 'codex-review']);
  });

  it('refuses to replace an existing target, changing nothing, and says how to proceed', async () => {
    await configurationGenerator(tree, { project: 'lib-a', targets: ['codex-review'] });
    const projectJson = readJson(tree, 'libs/a/project.json');
    projectJson.targets['codex-review'].options = { failOn: 'high' };
    writeJson(tree, 'libs/a/project.json', projectJson);
    const before = tree.read('libs/a/project.json', 'utf-8');

    await expect(configurationGenerator(tree, { project: 'lib-a' })).rejects.toThrow(
      'project "lib-a" already has "codex-review" in libs/a/project.json; nothing was changed. Run with --force to replace it',
    );
    expect(tree.read('libs/a/project.json', 'utf-8')).toBe(before);
  });

  it('replaces existing targets with --force', async () => {
    writeJson(tree, 'libs/a/project.json', { name: 'lib-a', targets: { 'codex-review': { command: 'echo old' } } });
    await configurationGenerator(tree, { project: 'lib-a', targets: ['codex-review'], force: true });
    expect(readJson(tree, 'libs/a/project.json').targets['codex-review']).toMatchObject({
      executor: '@nx-codex/codex-review:review',
      options: { scope: 'project' },
    });
  });

  it('writes into "nx".targets of a package.json project without copying its scripts', async () => {
    writeJson(tree, 'package.json', { name: 'ws', workspaces: ['packages/*'] });
    writeJson(tree, 'packages/b/package.json', { name: 'b', scripts: { build: 'tsc' } });
    await configurationGenerator(tree, { project: 'b', targets: ['codex-generate-tests'] });
    expect(readJson(tree, 'packages/b/package.json')).toEqual({
      name: 'b',
      scripts: { build: 'tsc' },
      nx: {
        targets: {
          'codex-generate-tests': expect.objectContaining({
            executor: '@nx-codex/test-generation:generate',
            cache: false,
          }),
        },
      },
    });
  });

  it('says so when the inference plugins are registered as well', async () => {
    writeJson(tree, 'nx.json', { plugins: ['@nx-codex/codex-review/plugin'] });
    await configurationGenerator(tree, { project: 'lib-a' });
    expect(logger.info).toHaveBeenCalledWith(expect.stringContaining('explicit targets take precedence'));
  });

  it('refuses an unknown project or target', async () => {
    await expect(configurationGenerator(tree, { project: 'nope' })).rejects.toThrow(
      'there is no project "nope" in this workspace (projects: lib-a)',
    );
    await expect(configurationGenerator(tree, { project: 'lib-a', targets: ['lint' as never] })).rejects.toThrow(
      'unknown target "lint"',
    );
  });
});
