import { addProjectConfiguration, logger, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { contextGenerator } from './context';
import { stripContextTemplate } from '@nx-codex/core';

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
function mixedWorkspace(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  writeJson(tree, 'package.json', {
    name: '@mixed/source',
    dependencies: {
      '@angular/core': '~19.2.0',
      '@ngrx/store': '19.0.1',
      react: '18.3.1',
      'react-dom': '18.3.1',
      rxjs: '~7.8.0',
    },
    devDependencies: { nx: '22.7.8', cypress: '^13.0.0', jest: '^29.7.0' },
  });
  writeJson(tree, 'tsconfig.base.json', {
    compilerOptions: {
      paths: { '@mixed/state': ['libs/state/src/index.ts'], '@mixed/util': ['libs/util/src/index.ts'] },
    },
  });
  addProjectConfiguration(tree, 'shop', {
    root: 'apps/shop',
    projectType: 'application',
    targets: {
      build: { executor: '@angular-devkit/build-angular:application' },
      e2e: { executor: '@nx/cypress:cypress', options: { cypressConfig: 'apps/shop/cypress.config.ts' } },
      test: { executor: '@nx/jest:jest' },
    },
  });
  tree.write(
    'apps/shop/src/app.component.ts',
    "import { Component } from '@angular/core';\nimport { Store } from '@ngrx/store';\nimport { cart } from '@mixed/state';\n",
  );
  addProjectConfiguration(tree, 'admin', {
    root: 'apps/admin',
    projectType: 'application',
    targets: { build: { command: 'vite build' } },
  });
  tree.write(
    'apps/admin/src/main.tsx',
    "import { createRoot } from 'react-dom/client';\nimport { useState } from 'react';\nimport { money } from '@mixed/util';\n",
  );
  addProjectConfiguration(tree, 'state', {
    root: 'libs/state',
    projectType: 'library',
    targets: {
      test: { executor: '@nx/jest:jest' },
      typecheck: { executor: 'nx:run-commands', options: { command: 'tsc --noEmit -p libs/state' } },
    },
  });
  tree.write(
    'libs/state/src/index.ts',
    "import { createReducer } from '@ngrx/store';\nimport { map } from 'rxjs/operators';\nexport const cart = createReducer([]);\n",
  );
  addProjectConfiguration(tree, 'util', { root: 'libs/util', projectType: 'library' });
  tree.write(
    'libs/util/src/index.ts',
    "import { readFileSync } from 'node:fs';\nexport const money = (n: number) => n;\n",
  );
  return tree;
}

describe('context generator: frameworks and per-project facts', () => {
  beforeEach(() => jest.spyOn(logger, 'info').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it("names each project's frameworks and libraries from what it imports and runs, with the declared versions", async () => {
    const tree = mixedWorkspace();
    await contextGenerator(tree, {});
    const text = tree.read('.codex/context.md', 'utf-8') as string;
    expect(text).toContain('- Frameworks: Angular ~19.2.0 (shop), React 18.3.1 (admin)');
    expect(text).toContain('- Libraries: NgRx 19.0.1 (shop, state), RxJS ~7.8.0 (state)');
    expect(text).toContain('| shop | application | `apps/shop` | Angular, NgRx | — |');
    expect(text).toContain('| admin | application | `apps/admin` | React | — |');
    expect(text).toContain('| state | library | `libs/state` | NgRx, RxJS | — |');
    expect(text).toContain('| util | library | `libs/util` | — | — |');
  });

  it('gives a state library its own facts: NgRx and Jest, no Cypress and no Angular it does not use', async () => {
    const tree = mixedWorkspace();
    await contextGenerator(tree, { project: 'state' });
    const text = tree.read('libs/state/.codex/context.md', 'utf-8') as string;
    expect(text).toContain('- Frameworks: none found in what it imports, declares or runs');
    expect(text).toContain('- Libraries: NgRx (@ngrx/store (import)); RxJS (rxjs (import))');
    expect(text).toContain('- Tests: Jest (target test)');
    expect(text).toContain('test (`@nx/jest:jest`), typecheck (`tsc --noEmit -p libs/state`)');
    expect(text).toContain('- Used by: shop (import)');
    expect(text).not.toMatch(/Cypress|Angular|React/);
  });

  it('gives the Angular app Angular from its import and its executor, and Cypress from its e2e target', async () => {
    const tree = mixedWorkspace();
    await contextGenerator(tree, { project: 'shop' });
    const text = tree.read('apps/shop/.codex/context.md', 'utf-8') as string;
    expect(text).toContain('- Frameworks: Angular (@angular/core (import), executor @angular-devkit/build-angular)');
    expect(text).toContain('- Libraries: NgRx (@ngrx/store (import))');
    expect(text).toContain('- Tests: Jest (target test); Cypress (e2e) (target e2e)');
    expect(text).not.toContain('React');
  });

  it("reads a project's own package.json, and tells a plain library it uses no framework", async () => {
    const tree = mixedWorkspace();
    writeJson(tree, 'libs/util/package.json', { name: '@mixed/util', dependencies: { express: '^5.0.0' } });
    await contextGenerator(tree, { project: 'util' });
    expect(tree.read('libs/util/.codex/context.md', 'utf-8')).toContain(
      '- Frameworks: Express (express (package.json))',
    );
  });
});

describe('what of the scaffold reaches the model', () => {
  beforeEach(() => jest.spyOn(logger, 'info').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  // Core strips the file when it assembles a prompt; the scaffold must leave facts and nothing of the template.

  it.each([
    ['the workspace file', {}, '.codex/context.md', '## Workspace facts'],
    ['a project file', { project: 'state' }, 'libs/state/.codex/context.md', '## Project facts'],
  ])(
    '%s: facts only, no comments, sample rules, empty sections or repeated headings',
    async (_, options, file, firstHeading) => {
      const tree = mixedWorkspace();
      await contextGenerator(tree, options);
      const sent = stripContextTemplate(tree.read(file, 'utf-8') as string);
      expect(sent.startsWith(`${firstHeading}\n`)).toBe(true);
      expect(sent).not.toMatch(
        /<!--|-->|parameterized|Safety rules|Code standards|Review focus|Links|context for Codex/,
      );
      const headings = sent.split('\n').filter((line) => line.startsWith('#'));
      expect(new Set(headings).size).toBe(headings.length);
    },
  );
});
