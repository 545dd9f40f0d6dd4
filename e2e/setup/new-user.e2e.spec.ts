/**
 * As a new user would: the five packages published to a local verdaccio on 127.0.0.1, a fresh
 * workspace from create-nx-workspace, `nx add @nx-codex/setup`, then `nx run <project>:codex-review`
 * against tools/local-model (the real codex CLI, installed by `nx add`), twice: the second run is a
 * cache hit. npm talks only to the local registry, which proxies everything but @nx-codex/* to the
 * registry this machine already uses; Nx and Codex talk only to 127.0.0.1.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalRegistry, type LocalRegistry } from './registry';
import { nxEnv, repoRoot as REPO_ROOT, run, startLocalModel, createCodexHome } from '@nx-codex/testing';
import { createUserWorkspace, projectName, PROJECTS, userShell, type UserShell } from './user-workspace';

const PACKAGES = ['core', 'codex-review', 'test-generation', 'mcp-server', 'setup'];
const VERSION = JSON.parse(readFileSync(join(REPO_ROOT, 'packages/setup/package.json'), 'utf8')).version as string;
const ALPHA = projectName('alpha');
const DEFECT_FILE = 'packages/alpha/src/lib/ratio.ts';
const FINDING = {
  title: 'Division by zero',
  body: 'ratio() divides by b without checking it.',
  confidence_score: 0.9,
  priority: 1,
  code_location: { file_path: DEFECT_FILE, line_range: { start: 2, end: 2 } },
};
const REVIEW_ANSWER = {
  findings: [FINDING],
  overall_correctness: 'patch is incorrect',
  overall_explanation: 'One bug.',
  overall_confidence_score: 0.8,
};

type Model = { url: string; requests(): Promise<unknown[]>; stop(): Promise<void> };

const timings: Array<[string, number]> = [];
async function phase<T>(name: string, body: () => T | Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await body();
  } finally {
    timings.push([name, Date.now() - started]);
  }
}

/** A loopback URL where nothing listens: create-nx-workspace posts usage stats to NX_CLOUD_API. */
async function closedLoopbackUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** This process's environment without what an outer npm/nx/jest run leaves there, plus ours. */
function userEnv(registry: LocalRegistry, npmCache: string, cloudApi: string): Record<string, string | undefined> {
  const inherited = Object.keys(process.env).filter((key) => /^(npm_|nx_|ts_node_|swc_node_|init_cwd$)/i.test(key));
  return {
    ...Object.fromEntries(inherited.map((key) => [key, undefined])),
    ...nxEnv(),
    ...registry.env,
    npm_config_cache: npmCache,
    NX_CLOUD_API: cloudApi,
    NX_NO_CLOUD: 'true',
    NX_DAEMON: 'false',
    NX_TUI: 'false',
    NX_VERBOSE_LOGGING: 'false',
  };
}

let temp: string;
let registry: LocalRegistry | undefined;
let model: Model | undefined;
let codexHome: { env: Record<string, string>; cleanup(): void } | undefined;
let shell: UserShell;

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'nx-codex-e2e-setup-'));
  await phase('build the five packages', () => {
    const build = run(
      'npx',
      ['nx', 'run-many', '-t', 'build', '--projects=tag:scope:plugin', '--outputStyle=static'],
      REPO_ROOT,
      {},
    );
    if (build.code !== 0) throw new Error(`building the packages failed:\n${build.output.slice(-6000)}`);
  });
  const started = await phase('start verdaccio', () => startLocalRegistry());
  registry = started;
  await phase('publish the five packages', () => {
    for (const name of PACKAGES) started.publish(join(REPO_ROOT, 'packages', name));
  });
  shell = userShell(join(temp, 'user'), userEnv(started, join(temp, 'npm-cache'), await closedLoopbackUrl()));
  await phase('create-nx-workspace + 2 libs', () => createUserWorkspace(shell));
  writeFileSync(
    join(shell.dir, DEFECT_FILE),
    'export function ratio(a: number, b: number): number {\n  return a / b;\n}\n',
  );
  shell.commit('ratio');
}, 480_000);

afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
  await registry?.stop();
  if (temp && process.env.NX_CODEX_KEEP_TEMP !== '1') rmSync(temp, { recursive: true, force: true });
  const lines = timings.map(([name, ms]) => `  ${name.padEnd(36)} ${(ms / 1000).toFixed(1)} s`);
  process.stdout.write(
    `\nnew-user e2e timings:\n${lines.join('\n')}\ncommands (from ${shell?.parent}):\n  ${shell?.history.join('\n  ')}\n`,
  );
});

const readJson = (path: string) => JSON.parse(readFileSync(join(shell.dir, path), 'utf8'));

it('`nx add @nx-codex/setup` installs the packages from the registry and wires the workspace', async () => {
  const added = await phase('nx add @nx-codex/setup', () => shell.sh(['npx', 'nx', 'add', '@nx-codex/setup']));
  expect(added.output).not.toMatch(/ERR!|Error:/);

  const devDependencies = readJson('package.json').devDependencies;
  expect(devDependencies).toMatchObject({
    '@nx-codex/setup': expect.stringContaining(VERSION),
    '@nx-codex/codex-review': VERSION,
    '@nx-codex/test-generation': VERSION,
    '@nx-codex/core': VERSION,
    '@nx-codex/mcp-server': VERSION,
    '@openai/codex': '0.169.0',
  });
  for (const name of ['setup', 'codex-review', 'test-generation', 'core', 'mcp-server']) {
    expect(readJson(`node_modules/@nx-codex/${name}/package.json`).version).toBe(VERSION);
  }
  expect(existsSync(join(shell.dir, 'node_modules/@openai/codex/bin/codex.js'))).toBe(true);

  const nxJson = readJson('nx.json');
  const plugins = (nxJson.plugins as Array<string | { plugin: string }>).map((entry) =>
    typeof entry === 'string' ? entry : entry.plugin,
  );
  expect(plugins).toEqual(
    expect.arrayContaining(['@nx/js/typescript', '@nx-codex/codex-review/plugin', '@nx-codex/test-generation/plugin']),
  );
  // No targetDefaults for the review executor: keyed by executor they would replace the plugin's inputs (and drop a changes target's base commit).
  expect(nxJson.targetDefaults?.['@nx-codex/codex-review:review']).toBeUndefined();

  const context = readFileSync(join(shell.dir, '.codex/context.md'), 'utf8');
  for (const lib of PROJECTS) expect(context).toContain(projectName(lib));

  const withTarget = shell
    .sh(['npx', 'nx', 'show', 'projects', '--with-target', 'codex-review'])
    .stdout.split('\n')
    .filter(Boolean)
    .sort();
  expect(withTarget).toEqual(PROJECTS.map(projectName).sort());
  shell.commit('nx add @nx-codex/setup');
});

it('`nx run <project>:codex-review` writes the report, and the second run is a cache hit', async () => {
  expect(existsSync(join(shell.dir, 'node_modules/@nx-codex/codex-review/package.json'))).toBe(true); // else the test above failed
  const localModel = await startLocalModel({
    scenario: { name: 'answer', steps: [{ kind: 'schema-json', value: REVIEW_ANSWER }], repeat: 'last' },
  });
  model = localModel;
  const home = createCodexHome({ baseUrl: localModel.url });
  codexHome = home;
  const review = () =>
    run('npx', ['nx', 'run', `${ALPHA}:codex-review`, '--outputStyle=static'], shell.dir, {
      ...shell.env,
      ...home.env,
    });
  shell.history.push(`(in the workspace, CODEX_HOME set) npx nx run ${ALPHA}:codex-review   # twice`);

  const first = await phase('codex-review (model call)', review);
  expect({ code: first.code, output: first.output }).toMatchObject({ code: 0 });
  expect(first.output).toContain(`${DEFECT_FILE}:2`);
  const report = readJson(`dist/codex-review/${ALPHA}/review.json`);
  expect(report.findings).toHaveLength(1);
  expect(report.findings[0]).toMatchObject({ file: DEFECT_FILE, startLine: 2, priority: 1 });
  expect(report.codexVersion).toBe('0.169.0');
  const requests = await localModel.requests();
  expect(requests).toHaveLength(1);
  expect(JSON.stringify(requests[0].body)).toContain('return a / b;');

  const second = await phase('codex-review (cache hit)', review);
  expect({ code: second.code, output: second.output }).toMatchObject({ code: 0 });
  expect(second.output).toMatch(/\[local cache\]|existing outputs match the cache/);
  expect(await localModel.requests()).toHaveLength(1);
  expect(readJson(`dist/codex-review/${ALPHA}/review.json`).findings).toHaveLength(1);
});
