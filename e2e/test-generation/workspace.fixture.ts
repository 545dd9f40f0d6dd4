/**
 * A throwaway Nx workspace with one small Jest project ("lib"), committed to git, that loads
 * @nx-codex/test-generation as a plugin. Its node_modules links every package of the
 * repository's node_modules, except @nx-codex/*: those are copies of the built packages, taken
 * once per test file, so a rebuild running meanwhile (which empties dist/) cannot break a test.
 * Nothing is installed. Real nx, real jest, real codex against tools/local-model.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

import * as testing from '@nx-codex/testing';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export const MATH_TS = `export function add(a: number, b: number): number {
  return a + b;
}

export function clamp(value: number, min: number, max: number): number {
  if (min > max) throw new RangeError('min must not be greater than max');
  if (value < min) return min;
  if (value > max) return max;
  return value;
}
`;

export const APP_TS = `import { add } from '../../lib/src/math';\n\nexport const three = add(1, 2);\n`;

export const MATH_SPEC_TS = `import { add } from './math';

describe('add', () => {
  it('adds two numbers', () => {
    expect(add(1, 2)).toBe(3);
  });
});
`;

/** A passing test of clamp, the part of math.ts no test covers yet. */
export const CLAMP_SPEC_TS = `import { clamp } from './math';

describe('clamp', () => {
  it('returns values inside the range unchanged', () => {
    expect(clamp(5, 0, 10)).toBe(5);
  });

  it('raises values below the range to min', () => {
    expect(clamp(-3, 0, 10)).toBe(0);
  });

  it('lowers values above the range to max', () => {
    expect(clamp(42, 0, 10)).toBe(10);
  });

  it('rejects an empty range', () => {
    expect(() => clamp(1, 10, 0)).toThrow(RangeError);
  });
});
`;

const BUILT_PACKAGES: Record<string, string[]> = {
  core: ['package.json', 'dist/index.js'],
  'test-generation': [
    'package.json',
    'executors.json',
    'dist/plugins/plugin.js',
    'dist/executors/generate/generate.impl.js',
    'dist/executors/generate/schema.json',
  ],
};

/** Copies the built @nx-codex packages the tests need (package.json, executors.json, dist). */
export function snapshotBuiltPackages(): { dir: string; cleanup(): void } {
  for (const [name, files] of Object.entries(BUILT_PACKAGES)) {
    const missing = files.filter((file) => !existsSync(path.join(REPO_ROOT, 'packages', name, file)));
    if (missing.length > 0) {
      throw new Error(
        `packages/${name} is not built (missing ${missing.join(', ')}). Run \`npx nx run test-generation:build\` (or \`npx nx test test-generation\`, which builds first).`,
      );
    }
  }
  const temp = testing.makeTempDir('tg-e2e-packages-');
  for (const name of Object.keys(BUILT_PACKAGES)) {
    for (const entry of ['package.json', 'executors.json', 'dist']) {
      const source = path.join(REPO_ROOT, 'packages', name, entry);
      if (existsSync(source)) cpSync(source, path.join(temp.dir, name, entry), { recursive: true });
    }
  }
  return temp;
}

export interface TestWorkspace {
  root: string;
  git(...args: string[]): string;
  read(file: string): string;
  write(file: string, content: string): void;
  exists(file: string): boolean;
  /** `git status --porcelain` (untracked files included). */
  status(): string;
  reportJson(): any;
  cleanup(): void;
}

export function createTestWorkspace(builtPackages: string): TestWorkspace {
  const temp = testing.makeTempDir('tg-e2e-');
  const root = temp.dir;
  const write = (file: string, content: string): void => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  };
  linkNodeModules(root, builtPackages);
  write('package.json', JSON.stringify({ name: 'tg-e2e', private: true }, null, 2));
  write('nx.json', JSON.stringify({ plugins: [{ plugin: '@nx-codex/test-generation/plugin', options: {} }] }, null, 2));
  // coverage/ is not ignored on purpose: what the test runs write there must be put back.
  write('.gitignore', 'node_modules\ndist\n.nx\n');
  write('README.md', '# a workspace for codex-generate-tests tests\n');
  write(
    'lib/project.json',
    JSON.stringify(
      {
        name: 'lib',
        root: 'lib',
        sourceRoot: 'lib/src',
        targets: { test: { executor: '@nx/jest:jest', options: { jestConfig: 'lib/jest.config.cjs' } } },
      },
      null,
      2,
    ),
  );
  write(
    'lib/jest.config.cjs',
    `module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  transform: { '^.+\\\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
`,
  );
  // A second project: the user's edits there must survive a run on lib.
  write('app/project.json', JSON.stringify({ name: 'app', root: 'app', sourceRoot: 'app/src', targets: {} }, null, 2));
  write('app/src/app.ts', APP_TS);
  write('lib/src/math.ts', MATH_TS);
  write('lib/src/math.spec.ts', MATH_SPEC_TS);
  const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('-c', 'user.email=test@example.com', '-c', 'user.name=test', 'commit', '-qm', 'initial');
  return {
    root,
    git,
    read: (file) => readFileSync(path.join(root, file), 'utf8'),
    write,
    exists: (file) => existsSync(path.join(root, file)),
    status: () => git('status', '--porcelain', '--untracked-files=all'),
    reportJson: () => JSON.parse(readFileSync(path.join(root, 'dist/codex-generate-tests/lib/report.json'), 'utf8')),
    cleanup: temp.cleanup,
  };
}

/**
 * Links each package of the repository's node_modules; @nx-codex/* are real copies inside the
 * workspace, so that their own imports resolve through these links.
 */
function linkNodeModules(root: string, builtPackages: string): void {
  const target = path.join(root, 'node_modules');
  mkdirSync(path.join(target, '@nx-codex'), { recursive: true });
  for (const entry of readdirSync(path.join(REPO_ROOT, 'node_modules'))) {
    if (entry !== '@nx-codex') symlinkSync(path.join(REPO_ROOT, 'node_modules', entry), path.join(target, entry));
  }
  for (const name of readdirSync(builtPackages))
    cpSync(path.join(builtPackages, name), path.join(target, '@nx-codex', name), { recursive: true });
}

/** The environment of nx in a test: offline codex, no daemon, no cloud, plain output, nothing of CI's or the shell's that nx-codex reads. */
export function nxEnv(codexHomeEnv: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...testing.withoutHostEnv(process.env),
    ...codexHomeEnv,
    NX_DAEMON: 'false',
    NX_NO_CLOUD: 'true',
    NX_TUI: 'false',
    NX_SKIP_NX_CACHE: 'true',
    CI: 'true',
    FORCE_COLOR: '0',
  };
  // Jest's own variables would leak into the nested jest runs.
  for (const key of Object.keys(env)) if (key.startsWith('JEST_') || key === 'NODE_ENV') delete env[key];
  return env;
}

export interface NxRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** `nx run lib:codex-generate-tests <args>` as a child process; resolves when it exits. */
export function startNxRun(
  workspace: TestWorkspace,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { detached?: boolean } = {},
): { child: ChildProcess; output: () => string; done: Promise<NxRun> } {
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules/nx/dist/bin/nx.js'),
      'run',
      'lib:codex-generate-tests',
      '--outputStyle=static',
      ...args,
    ],
    {
      cwd: workspace.root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, as a terminal job: `kill -9 -<pid>` reaches the whole run.
      detached: options.detached === true,
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const done = new Promise<NxRun>((resolve) =>
    child.once('close', (exitCode, signal) => resolve({ exitCode, signal, output })),
  );
  return { child, output: () => output, done };
}

export function runNx(workspace: TestWorkspace, args: string[], env: NodeJS.ProcessEnv): Promise<NxRun> {
  return startNxRun(workspace, args, env).done;
}

/** An apply_patch step that adds files (paths relative to Codex's working folder, the project). */
export function addFilesPatch(files: Record<string, string>): string {
  const body = Object.entries(files)
    .map(
      ([file, content]) =>
        `*** Add File: ${file}\n${content
          .replace(/\n$/, '')
          .split('\n')
          .map((line) => `+${line}`)
          .join('\n')}`,
    )
    .join('\n');
  return `*** Begin Patch\n${body}\n*** End Patch\n`;
}

export { testing };
