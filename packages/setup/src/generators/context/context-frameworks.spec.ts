import { addProjectConfiguration, logger, writeJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { contextGenerator } from './context';
import { stripContextTemplate } from '@nx-codex/core';

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
