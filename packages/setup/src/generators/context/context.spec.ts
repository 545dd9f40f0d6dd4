import { addProjectConfiguration, logger, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { contextGenerator } from './context';

function workspaceWithFacts(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  writeJson(tree, 'package.json', {
    name: '@acme/source',
    packageManager: 'pnpm@9.12.0',
    devDependencies: { nx: '22.7.8', jest: '^30.0.0', eslint: '^9.0.0' },
  });
  tree.write('pnpm-lock.yaml', "lockfileVersion: '9.0'\n");
  tree.write('eslint.config.mjs', 'export default [];\n');
  writeJson(tree, 'tsconfig.base.json', {
    compilerOptions: {
      strict: true,
      noUncheckedIndexedAccess: true,
      target: 'ES2022',
      paths: { '@acme/util': ['libs/util/src/index.ts'] },
    },
  });
  addProjectConfiguration(tree, 'shop', {
    root: 'apps/shop',
    sourceRoot: 'apps/shop/src',
    projectType: 'application',
    tags: ['scope:shop', 'type:app'],
    targets: { serve: { executor: '@nx/js:node' }, deploy: { command: 'echo deploy' } },
    implicitDependencies: ['payments'],
  });
  tree.write('apps/shop/jest.config.ts', 'export default {};\n');
  tree.write('apps/shop/src/main.ts', "import { money } from '@acme/util';\nconsole.log(money(1));\n");
  tree.write('apps/shop/src/cart.ts', 'export const cart = [];\n');
  tree.write('apps/shop/src/view.tsx', 'export const View = () => null;\n');
  tree.write('apps/shop/src/legacy.js', 'module.exports = {};\n');
  tree.write('apps/shop/README.md', '# shop\n');
  addProjectConfiguration(tree, 'util', { root: 'libs/util', projectType: 'library', tags: ['type:util'] });
  tree.write('libs/util/src/index.ts', 'export const money = (n: number) => n;\n');
  tree.write('libs/util/src/index.d.ts', 'export declare const money: (n: number) => number;\n');
  addProjectConfiguration(tree, 'payments', { root: 'libs/payments', projectType: 'library' });
  writeJson(tree, 'libs/payments/package.json', { name: '@acme/payments', dependencies: { '@acme/util-pkg': '*' } });
  tree.write('libs/payments/src/pay.py', 'print(1)\n');
  tree.write('libs/payments/node_modules/dep/index.js', 'ignored\n');
  return tree;
}

describe('context generator', () => {
  beforeEach(() => {
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('scaffolds the workspace file with its purpose on top and sections to fill', async () => {
    const tree = createTreeWithEmptyWorkspace();
    await contextGenerator(tree, {});
    const text = tree.read('.codex/context.md', 'utf-8') as string;
    expect(text).toMatch(/^<!--\n\S+: context for Codex\.\nnx-codex adds this file to every Codex prompt/);
    expect(text).toContain('Codex itself does not read it; it reads AGENTS.md.');
    for (const section of [
      '## Workspace facts',
      '## Safety rules',
      '## Code standards',
      '## Review focus',
      '## Links',
    ]) {
      expect(text).toContain(section);
    }
    expect(text).toContain('with 0 projects');
    expect(text).toContain('- Tests: no test runner found');
    expect(text).toContain('- Package manager: not detected');
    expect(text).toContain('- TypeScript: strict: not set (off) (from tsconfig.base.json)');
  });

  it('states the facts found in the workspace', async () => {
    const tree = workspaceWithFacts();
    await contextGenerator(tree, {});
    const text = tree.read('.codex/context.md', 'utf-8') as string;
    expect(text).toContain('@acme/source: context for Codex.');
    expect(text).toContain('- Nx workspace (nx 22.7.8) with 3 projects');
    expect(text).toContain('- Package manager: pnpm (pnpm-lock.yaml, "packageManager": "pnpm@9.12.0" in package.json)');
    expect(text).toContain('- Languages: TypeScript (5 files), JavaScript (1 file), Python (1 file)');
    expect(text).toContain('- Tests: Jest (apps/shop/jest.config.ts, jest@^30.0.0 in package.json)');
    expect(text).toContain('- Lint: ESLint (eslint.config.mjs, eslint@^9.0.0 in package.json)');
    expect(text).toContain('- Format: Prettier (.prettierrc)');
    expect(text).toContain(
      '- TypeScript: strict: true, noUncheckedIndexedAccess: true, target ES2022 (from tsconfig.base.json)',
    );
    expect(text).toContain('| shop | application | `apps/shop` | — | scope:shop, type:app |');
    expect(text).toContain('| util | library | `libs/util` | — | type:util |');
    expect(text).toContain('| payments | library | `libs/payments` | — | — |');
  });

  it('follows relative tsconfig "extends" and lets the extending file win', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.delete('tsconfig.base.json');
    writeJson(tree, 'tsconfig.json', {
      extends: ['./configs/base.json', '@tsconfig/node20'],
      compilerOptions: { strict: false },
    });
    writeJson(tree, 'configs/base.json', { compilerOptions: { strict: true, exactOptionalPropertyTypes: true } });
    await contextGenerator(tree, {});
    expect(tree.read('.codex/context.md', 'utf-8')).toContain(
      '- TypeScript: strict: false, exactOptionalPropertyTypes: true (from tsconfig.json -> configs/base.json; also extends @tsconfig/node20 (not read))',
    );
  });

  it('detects Vitest, Biome and yarn', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.delete('.prettierrc');
    tree.write('yarn.lock', '');
    tree.write('biome.json', '{}');
    addProjectConfiguration(tree, 'web', { root: 'web' });
    tree.write('web/vite.config.ts', 'export default { test: { globals: true } };\n');
    await contextGenerator(tree, {});
    const text = tree.read('.codex/context.md', 'utf-8') as string;
    expect(text).toContain('- Tests: Vitest (web/vite.config.ts)');
    expect(text).toContain('- Lint: Biome (biome.json)');
    expect(text).toContain('- Format: Biome (biome.json)');
    expect(text).toContain('- Package manager: yarn (yarn.lock)');
  });

  it('keeps an existing file without --force, and says so', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('.codex/context.md', '# ours\n');
    await contextGenerator(tree, {});
    expect(tree.read('.codex/context.md', 'utf-8')).toBe('# ours\n');
    expect(logger.info).toHaveBeenCalledWith(expect.stringContaining('.codex/context.md already exists and was kept'));
  });

  it('replaces an existing file with --force', async () => {
    const tree = createTreeWithEmptyWorkspace();
    tree.write('.codex/context.md', '# ours\n');
    await contextGenerator(tree, { force: true });
    expect(tree.read('.codex/context.md', 'utf-8')).toContain('## Workspace facts');
  });

  describe('--project', () => {
    it('describes one project in <projectRoot>/.codex/context.md', async () => {
      const tree = workspaceWithFacts();
      await contextGenerator(tree, { project: 'shop' });
      expect(tree.exists('.codex/context.md')).toBe(false);
      const text = tree.read('apps/shop/.codex/context.md', 'utf-8') as string;
      expect(text).toContain('sends about project "shop"');
      expect(text).toContain('shop: context for Codex.');
      expect(text).toContain('- Root: `apps/shop` (sources in `apps/shop/src`)');
      expect(text).toContain('- Type: application');
      expect(text).toContain('- Tags: scope:shop, type:app');
      expect(text).toContain('- Languages: TypeScript (4 files), JavaScript (1 file)');
      expect(text).toContain(
        '- Targets (in its configuration; inferred ones: `nx show project shop`): serve (`@nx/js:node`), deploy (`echo deploy`)',
      );
      expect(text).toContain('- Depends on: payments (implicit), util (import)');
      expect(text).toContain('- Used by: none found');
      expect(text).toContain('- Tests: Jest (apps/shop/jest.config.ts)');
      expect(text).toContain("- Lint: none in the project's folder, package.json or targets");
      expect(text).toContain('- `apps/shop/README.md`');
    });

    it('lists the projects that use it', async () => {
      const tree = workspaceWithFacts();
      await contextGenerator(tree, { project: 'util' });
      const text = tree.read('libs/util/.codex/context.md', 'utf-8') as string;
      expect(text).toContain('- Used by: shop (import)');
      expect(text).toContain('- Languages: TypeScript (1 file)');
    });

    it('sees package.json dependencies between workspace packages', async () => {
      const tree = workspaceWithFacts();
      writeJson(tree, 'libs/util/package.json', { name: '@acme/util-pkg' });
      await contextGenerator(tree, { project: 'payments' });
      expect(tree.read('libs/payments/.codex/context.md', 'utf-8')).toContain('- Depends on: util (package.json)');
    });

    it('keeps an existing project file without --force', async () => {
      const tree = workspaceWithFacts();
      tree.write('apps/shop/.codex/context.md', 'kept');
      await contextGenerator(tree, { project: 'shop' });
      expect(tree.read('apps/shop/.codex/context.md', 'utf-8')).toBe('kept');
      await contextGenerator(tree, { project: 'shop', force: true });
      expect(tree.read('apps/shop/.codex/context.md', 'utf-8')).toContain('## Project facts');
    });

    it('refuses an unknown project, naming the known ones', async () => {
      const tree = workspaceWithFacts();
      await expect(contextGenerator(tree, { project: 'nope' })).rejects.toThrow(
        'there is no project "nope" in this workspace (projects: payments, shop, util)',
      );
    });

    it('refuses a project at the workspace root, whose context is the workspace file', async () => {
      const tree = createTreeWithEmptyWorkspace();
      addProjectConfiguration(tree, 'root-app', { root: '.' });
      await expect(contextGenerator(tree, { project: 'root-app' })).rejects.toThrow('is the workspace root');
    });
  });
});

/** An Angular app with NgRx, a React app, an NgRx state library and a plain library; Cypress only in the root package.json and the Angular app's e2e target. */
