import { logger, readJson, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flushChanges, FsTree } from 'nx/src/generators/tree';
import { initGenerator } from './init';

const OUR_VERSION = (require('../../../package.json') as { version: string }).version;

function snapshot(tree: Tree): Record<string, string> {
  return Object.fromEntries(tree.listChanges().map((c) => [c.path, c.content?.toString('utf-8') ?? '<deleted>']));
}

describe('init generator', () => {
  let tree: Tree;
  const savedAddPlugins = process.env['NX_ADD_PLUGINS'];

  beforeEach(() => {
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    tree = createTreeWithEmptyWorkspace();
    delete process.env['NX_ADD_PLUGINS'];
  });
  afterEach(() => jest.restoreAllMocks());
  afterAll(() => {
    if (savedAddPlugins === undefined) delete process.env['NX_ADD_PLUGINS'];
    else process.env['NX_ADD_PLUGINS'] = savedAddPlugins;
  });

  it('adds our packages and the pinned codex to devDependencies', async () => {
    const install = await initGenerator(tree, {});
    expect(readJson(tree, 'package.json').devDependencies).toEqual({
      '@nx-codex/codex-review': OUR_VERSION,
      '@nx-codex/test-generation': OUR_VERSION,
      '@nx-codex/core': OUR_VERSION,
      '@nx-codex/mcp-server': OUR_VERSION,
      '@openai/codex': '0.169.0',
    });
    expect(typeof install).toBe('function');
  });

  it('registers both inference plugins and no targetDefaults (keyed by executor, they would replace the inferred inputs)', async () => {
    await initGenerator(tree, {});
    const nxJson = readJson(tree, 'nx.json');
    expect(nxJson.plugins).toEqual([
      { plugin: '@nx-codex/codex-review/plugin', options: { targetName: 'codex-review' } },
      { plugin: '@nx-codex/test-generation/plugin', options: { targetName: 'codex-generate-tests' } },
    ]);
    expect(nxJson.targetDefaults?.['@nx-codex/codex-review:review']).toBeUndefined();
    expect(nxJson.targetDefaults.build).toEqual({ cache: true });
  });

  it('keeps existing plugins (string and object forms) and does not register ours twice', async () => {
    writeJson(tree, 'nx.json', {
      plugins: [
        '@nx/jest/plugin',
        { plugin: '@nx/eslint/plugin', options: { targetName: 'lint' } },
        '@nx-codex/codex-review/plugin',
      ],
      targetDefaults: {
        build: { dependsOn: ['^build'] },
        '@nx-codex/codex-review:review': { outputs: ['{projectRoot}/review'] },
      },
    });
    await initGenerator(tree, {});
    const nxJson = readJson(tree, 'nx.json');
    expect(nxJson.plugins).toEqual([
      '@nx/jest/plugin',
      { plugin: '@nx/eslint/plugin', options: { targetName: 'lint' } },
      '@nx-codex/codex-review/plugin',
      { plugin: '@nx-codex/test-generation/plugin', options: { targetName: 'codex-generate-tests' } },
    ]);
    expect(nxJson.targetDefaults.build).toEqual({ dependsOn: ['^build'] });
    expect(nxJson.targetDefaults['@nx-codex/codex-review:review']).toEqual({ outputs: ['{projectRoot}/review'] });
  });

  it('recognizes an object registration of our plugin', async () => {
    writeJson(tree, 'nx.json', {
      plugins: [{ plugin: '@nx-codex/test-generation/plugin', options: { targetName: 'gen-tests' } }],
    });
    await initGenerator(tree, {});
    expect(readJson(tree, 'nx.json').plugins).toEqual([
      { plugin: '@nx-codex/test-generation/plugin', options: { targetName: 'gen-tests' } },
      { plugin: '@nx-codex/codex-review/plugin', options: { targetName: 'codex-review' } },
    ]);
  });

  it('leaves nx.json alone when the workspace turned inference off (the configuration generator writes whole targets)', async () => {
    writeJson(tree, 'nx.json', { useInferencePlugins: false });
    await initGenerator(tree, {});
    expect(readJson(tree, 'nx.json')).toEqual({ useInferencePlugins: false });
  });

  it('honours NX_ADD_PLUGINS=false and an explicit addPlugin', async () => {
    process.env['NX_ADD_PLUGINS'] = 'false';
    await initGenerator(tree, {});
    expect(readJson(tree, 'nx.json').plugins).toBeUndefined();
    await initGenerator(tree, { addPlugin: true });
    expect(readJson(tree, 'nx.json').plugins).toHaveLength(2);
  });

  it('scaffolds the workspace .codex/context.md', async () => {
    await initGenerator(tree, {});
    expect(tree.read('.codex/context.md', 'utf-8')).toContain('## Workspace facts');
  });

  it('adds the nx-codex-review agent skill beside those nx configure-ai-agents installs, and keeps an edited one', async () => {
    tree.write('.agents/skills/nx-workspace/SKILL.md', '---\nname: nx-workspace\n---\n');
    await initGenerator(tree, {});
    const skill = tree.read('.agents/skills/nx-codex-review/SKILL.md', 'utf-8') as string;
    expect(skill).toMatch(/^---\nname: nx-codex-review\ndescription: '.*USE WHEN.*'\n---\n/);
    expect(skill).toContain('nx run <project>:codex-review');
    expect(skill).toContain('dist/codex-review/<project>/review.json');
    expect(tree.read('.agents/skills/nx-workspace/SKILL.md', 'utf-8')).toBe('---\nname: nx-workspace\n---\n');

    tree.write('.agents/skills/nx-codex-review/SKILL.md', 'ours');
    await initGenerator(tree, {});
    expect(tree.read('.agents/skills/nx-codex-review/SKILL.md', 'utf-8')).toBe('ours');
  });

  it('adds no skill with --skipAgentSkill', async () => {
    await initGenerator(tree, { skipAgentSkill: true });
    expect(tree.exists('.agents')).toBe(false);
  });

  it('skipPackageJson leaves package.json alone', async () => {
    const before = tree.read('package.json', 'utf-8');
    await initGenerator(tree, { skipPackageJson: true });
    expect(tree.read('package.json', 'utf-8')).toBe(before);
  });

  it('keeps a version the workspace already pinned', async () => {
    writeJson(tree, 'package.json', { devDependencies: { '@openai/codex': '0.170.0' } });
    await initGenerator(tree, {});
    expect(readJson(tree, 'package.json').devDependencies['@openai/codex']).toBe('0.170.0');
  });

  it('registers the MCP server only with --mcp', async () => {
    await initGenerator(tree, {});
    expect(tree.exists('.mcp.json')).toBe(false);
    await initGenerator(tree, { mcp: true });
    expect(readJson(tree, '.mcp.json').mcpServers['nx-codex'].args).toEqual(['--no-install', 'nx-codex-mcp']);
  });

  it('is idempotent: a second run changes nothing in the Tree', async () => {
    await initGenerator(tree, { mcp: true });
    const first = snapshot(tree);
    await initGenerator(tree, { mcp: true });
    expect(snapshot(tree)).toEqual(first);
  });

  describe('on a real workspace folder', () => {
    let root: string;
    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'nx-codex-init-'));
      writeFileSync(
        join(root, 'package.json'),
        JSON.stringify({ name: 'ws', devDependencies: { nx: '22.7.8' } }, null, 2),
      );
      writeFileSync(join(root, 'nx.json'), JSON.stringify({ plugins: ['@nx/js/typescript'] }, null, 2));
    });
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('writes nothing outside the Tree (what --dry-run relies on)', async () => {
      const fsTree = new FsTree(root, false);
      await initGenerator(fsTree, { mcp: true });
      expect(fsTree.listChanges().length).toBeGreaterThan(0);
      expect(readdirSync(root).sort()).toEqual(['nx.json', 'package.json']);
      expect(fsTree.exists('.agents/skills/nx-codex-review/SKILL.md')).toBe(true);
    });

    it('records no change at all when run again after its changes were written', async () => {
      const firstRun = new FsTree(root, false);
      await initGenerator(firstRun, { mcp: true });
      flushChanges(root, firstRun.listChanges());
      const secondRun = new FsTree(root, false);
      await initGenerator(secondRun, { mcp: true });
      expect(secondRun.listChanges()).toEqual([]);
    });
  });
});
