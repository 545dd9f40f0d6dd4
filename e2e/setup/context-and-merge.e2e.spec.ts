/**
 * `nx g @nx-codex/setup:init` through the real nx CLI on a hand-written workspace with an Angular
 * app (NgRx), its Cypress e2e project, a React app, an NgRx state library and a plain library,
 * where `nx configure-ai-agents` already wrote `.codex/config.toml`, `.mcp.json` and a skill.
 * The frameworks are declared and imported but not installed: the generator reads
 * declarations, imports, targets and Nx's project graph, never node_modules, and installing
 * Angular and React offline would cost minutes for nothing the generator reads. Then one
 * `codex-review` against tools/local-model shows what of context.md really reaches the model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';
import {
  createWorkspace,
  repoRoot as REPO_ROOT,
  run,
  type TempWorkspace,
  startLocalModel,
  createCodexHome,
} from '@nx-codex/testing';

const NX = join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js');
const CLEAN_ANSWER = {
  findings: [],
  overall_correctness: 'patch is correct',
  overall_explanation: 'Fine.',
  overall_confidence_score: 0.9,
};

/** What Nx 22's configure-ai-agents leaves in .codex/config.toml, with a comment of the team's. */
const NX_CODEX_TOML = `# Team: keep this file small.
[features]
multi_agent = true

[mcp_servers."nx-mcp"]
command = "npx"
args = ["nx", "mcp"]
`;
const NX_MCP_JSON = {
  mcpServers: {
    'nx-mcp': { type: 'stdio', command: 'npx', args: ['nx', 'mcp'] },
    docs: { command: 'node', args: ['docs.js'] },
  },
};
const NX_SKILL = '---\nname: nx-workspace\ndescription: Explore Nx workspaces.\n---\n# Nx Workspace Exploration\n';

const project = (name: string, root: string, projectType: string, targets: Record<string, unknown> = {}) => ({
  [`${root}/project.json`]: JSON.stringify({ name, root, projectType, sourceRoot: `${root}/src`, targets }, null, 2),
});

const FILES: Record<string, string> = {
  'package.json': JSON.stringify(
    {
      name: '@mixed/source',
      private: true,
      dependencies: {
        '@angular/core': '~19.2.0',
        '@ngrx/store': '19.0.1',
        react: '18.3.1',
        'react-dom': '18.3.1',
        rxjs: '~7.8.0',
      },
      devDependencies: { nx: '22.7.8', cypress: '^13.0.0', jest: '^29.7.0' },
    },
    null,
    2,
  ),
  'nx.json': JSON.stringify({ defaultBase: 'main' }, null, 2),
  'tsconfig.base.json': JSON.stringify(
    {
      compilerOptions: {
        strict: true,
        paths: { '@mixed/state': ['libs/state/src/index.ts'], '@mixed/util': ['libs/util/src/index.ts'] },
      },
    },
    null,
    2,
  ),
  ...project('shop', 'apps/shop', 'application', {
    build: { executor: '@angular-devkit/build-angular:application' },
    test: { executor: '@nx/jest:jest' },
  }),
  'apps/shop/src/app/app.component.ts':
    "import { Component } from '@angular/core';\nimport { Store } from '@ngrx/store';\nimport { cart } from '@mixed/state';\n\n@Component({ selector: 'app-root', template: '' })\nexport class AppComponent {}\n",
  ...project('shop-e2e', 'apps/shop-e2e', 'application', {
    e2e: { executor: '@nx/cypress:cypress', options: { cypressConfig: 'apps/shop-e2e/cypress.config.ts' } },
  }),
  'apps/shop-e2e/cypress.config.ts': "import { defineConfig } from 'cypress';\nexport default defineConfig({});\n",
  ...project('admin', 'apps/admin', 'application', { build: { command: 'vite build' } }),
  'apps/admin/src/main.tsx':
    "import { createRoot } from 'react-dom/client';\nimport { useState } from 'react';\nimport { money } from '@mixed/util';\n",
  ...project('state', 'libs/state', 'library', { test: { executor: '@nx/jest:jest' } }),
  'libs/state/src/index.ts':
    "import { createReducer } from '@ngrx/store';\nimport { map } from 'rxjs/operators';\nexport const cart = createReducer([]);\n",
  ...project('util', 'libs/util', 'library'),
  'libs/util/src/index.ts': 'export const money = (cents: number) => cents / 100;\n',
  '.codex/config.toml': NX_CODEX_TOML,
  '.mcp.json': `${JSON.stringify(NX_MCP_JSON, null, 2)}\n`,
  '.agents/skills/nx-workspace/SKILL.md': NX_SKILL,
};

let ws: TempWorkspace;
const read = (path: string) => readFileSync(join(ws.dir, path), 'utf8');
const generate = (args: string[]) => {
  const result = run(process.execPath, [NX, 'g', ...args, '--no-interactive'], ws.dir, {});
  if (result.code !== 0)
    throw new Error(`nx g ${args.join(' ')} failed (exit ${result.code}):\n${result.output.slice(-4000)}`);
  return result;
};

beforeAll(() => {
  ws = createWorkspace({ projects: {}, files: FILES });
  generate(['@nx-codex/setup:init', '--mcp', '--skipPackageJson']);
  generate(['@nx-codex/setup:context', '--project=state']);
  ws.git('-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', 'add', '-A');
  ws.git('-c', 'user.email=e2e@example.invalid', '-c', 'user.name=e2e', 'commit', '-qm', 'nx g @nx-codex/setup:init');
}, 240_000);
afterAll(() => ws?.cleanup());

it("context.md names each project's frameworks and libraries as the projects really use them", () => {
  const context = read('.codex/context.md');
  expect(context).toContain('- Frameworks: Angular ~19.2.0 (shop), React 18.3.1 (admin)');
  expect(context).toContain('- Libraries: NgRx 19.0.1 (shop, state), RxJS ~7.8.0 (state)');
  expect(context).toContain('| shop | application | `apps/shop` | Angular, NgRx | — |');
  expect(context).toContain('| admin | application | `apps/admin` | React | — |');
  expect(context).toContain('| state | library | `libs/state` | NgRx, RxJS | — |');
  expect(context).toContain('| util | library | `libs/util` | — | — |');
  expect(context).toContain('| shop-e2e | application | `apps/shop-e2e` | — | — |');
});

it("per-project context comes from the project graph and the project's own targets: no Cypress for the state library", () => {
  const state = read('libs/state/.codex/context.md');
  expect(state).toContain('- Targets (from the project graph, inferred ones included): ');
  expect(state).toMatch(/- Targets .*test \(`@nx\/jest:jest`\)/);
  expect(state).toContain('- Libraries: NgRx (@ngrx/store (import)); RxJS (rxjs (import))');
  expect(state).toContain('- Tests: Jest (target test)');
  expect(state).toContain('- Used by: shop (import)');
  expect(state).not.toMatch(/Cypress|Angular|React/);

  generate(['@nx-codex/setup:context', '--project=shop-e2e']);
  expect(read('apps/shop-e2e/.codex/context.md')).toContain(
    '- Tests: Cypress (e2e) (apps/shop-e2e/cypress.config.ts, target e2e)',
  );
  generate(['@nx-codex/setup:context', '--project=shop']);
  expect(read('apps/shop/.codex/context.md')).toContain(
    '- Frameworks: Angular (@angular/core (import), executor @angular-devkit/build-angular)',
  );
});

it('merges into the .codex/config.toml and .mcp.json that nx configure-ai-agents wrote, keeping its entries and comments', () => {
  const toml = read('.codex/config.toml');
  expect(toml.startsWith(NX_CODEX_TOML)).toBe(true);
  expect(parse(toml)).toEqual({
    features: { multi_agent: true },
    mcp_servers: {
      'nx-mcp': { command: 'npx', args: ['nx', 'mcp'] },
      'nx-codex': { command: 'npx', args: ['--no-install', 'nx-codex-mcp'] },
    },
  });
  expect(JSON.parse(read('.mcp.json'))).toEqual({
    mcpServers: {
      ...NX_MCP_JSON.mcpServers,
      'nx-codex': { type: 'stdio', command: 'npx', args: ['--no-install', 'nx-codex-mcp'], env: {} },
    },
  });
  expect(read('.agents/skills/nx-workspace/SKILL.md')).toBe(NX_SKILL);
  expect(read('.agents/skills/nx-codex-review/SKILL.md')).toMatch(/^---\nname: nx-codex-review\n/);

  // Core still reads the merged workspace config.
  const config = run(process.execPath, [join(REPO_ROOT, 'packages/core/bin/nx-codex.js'), 'config'], ws.dir, {
    CODEX_HOME: join(ws.dir, '.no-codex-home'),
  });
  expect({ code: config.code, output: config.output }).toMatchObject({ code: 0 });
  expect(config.output).toContain('workspace .codex/config.toml');

  // A second run changes nothing.
  generate(['@nx-codex/setup:init', '--mcp', '--skipPackageJson']);
  expect(
    ws.git('status', '--porcelain', '--', '.codex/config.toml', '.mcp.json', '.agents', 'nx.json', '.codex/context.md'),
  ).toBe('');
});

it('the model gets the facts of context.md, without its comments, sample rules or empty sections', async () => {
  const model = await startLocalModel({
    scenario: { name: 'answer', steps: [{ kind: 'schema-json', value: CLEAN_ANSWER }], repeat: 'last' },
  });
  const codexHome = createCodexHome({ baseUrl: model.url });
  try {
    const review = ws.nx(['run', 'state:codex-review'], codexHome.env);
    expect({ code: review.code, output: review.output }).toMatchObject({ code: 0 });
    // Our prompt only: the request also carries Codex's own instructions and tool definitions.
    const texts =
      JSON.stringify((await model.requests()).map((request: { body: unknown }) => request.body)).match(
        /You are reviewing the Nx project(?:[^"\\]|\\.)*/g,
      ) ?? [];
    expect(texts).toHaveLength(1);
    const prompt = JSON.parse(`"${texts[0]}"`) as string;
    expect(prompt).toContain('Frameworks: Angular ~19.2.0 (shop), React 18.3.1 (admin)');
    expect(prompt).toContain('Libraries: NgRx (@ngrx/store (import)); RxJS (rxjs (import))');
    expect(prompt).not.toMatch(/parameterized queries|<!--|Safety rules|Review focus|context for Codex/);
    expect(prompt.match(/## Context from \.codex\/context\.md/g)).toHaveLength(1);
    expect(prompt.match(/## Context from libs\/state\/\.codex\/context\.md/g)).toHaveLength(1);
  } finally {
    await model.stop();
    codexHome.cleanup();
  }
});
