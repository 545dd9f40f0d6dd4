/**
 * A throwaway Nx workspace with one small Jest project ("lib"), committed to git, that loads
 * @nx-codex/test-generation as a plugin. Its node_modules links every package of the
 * repository's node_modules, except @nx-codex/*: those are copies of the built packages, taken
 * once per test file, so a rebuild running meanwhile (which empties dist/) cannot break a test.
 * Nothing is installed. Real nx, real jest, real codex against tools/local-model.
 */
import type { ChildProcess } from 'node:child_process';
import * as testing from '@nx-codex/testing';

export const REPO_ROOT = testing.repoRoot;

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

/** Copies the built @nx-codex packages the tests need, once per test file (see the header). */
export function snapshotBuiltPackages(): { dir: string; cleanup(): void } {
  return testing.snapshotBuiltPackages(['core', 'test-generation']);
}

export interface TestWorkspace extends testing.TempWorkspace {
  /** The workspace folder (dir). */
  root: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- report.json as the test reads it
  reportJson(): any;
}

const LIB_JEST_CONFIG = `module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  transform: { '^.+\\\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
`;

export function createTestWorkspace(builtPackages: string): TestWorkspace {
  const lib = {
    name: 'lib',
    root: 'lib',
    sourceRoot: 'lib/src',
    targets: { test: { executor: '@nx/jest:jest', options: { jestConfig: 'lib/jest.config.cjs' } } },
  };
  // A second project: the user's edits there must survive a run on lib.
  const app = { name: 'app', root: 'app', sourceRoot: 'app/src', targets: {} };
  const workspace = testing.createWorkspace({
    prefix: 'tg-e2e-',
    packageName: 'tg-e2e',
    builtPackages,
    plugins: [{ plugin: '@nx-codex/test-generation/plugin', options: {} }],
    // coverage/ is not ignored on purpose: what the test runs write there must be put back.
    files: {
      'README.md': '# a workspace for codex-generate-tests tests\n',
      'lib/project.json': JSON.stringify(lib, null, 2),
      'lib/jest.config.cjs': LIB_JEST_CONFIG,
      'app/project.json': JSON.stringify(app, null, 2),
      'app/src/app.ts': APP_TS,
      'lib/src/math.ts': MATH_TS,
      'lib/src/math.spec.ts': MATH_SPEC_TS,
    },
  });
  return {
    ...workspace,
    root: workspace.dir,
    reportJson: () => JSON.parse(workspace.read('dist/codex-generate-tests/lib/report.json')),
  };
}

/** The environment of nx in a test: offline codex, no daemon, no cloud, no Nx cache, plain output, nothing of CI's or the shell's that nx-codex reads. */
export function nxEnv(codexHomeEnv: Record<string, string | undefined>): NodeJS.ProcessEnv {
  return testing.cleanEnv({
    ...testing.withoutHostEnv(process.env),
    ...testing.nxEnv(codexHomeEnv),
    NX_SKIP_NX_CACHE: 'true',
    FORCE_COLOR: '0',
  });
}

export interface NxRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

/** `nx run lib:codex-generate-tests <args>` as a child process; `detached`: its own process group, as a terminal job. */
export function startNxRun(
  workspace: TestWorkspace,
  args: string[],
  env: NodeJS.ProcessEnv,
  options: { detached?: boolean } = {},
): { child: ChildProcess; output: () => string; done: Promise<NxRun> } {
  const run = workspace.nxAsync(['run', 'lib:codex-generate-tests', ...args], env, {
    detached: options.detached === true,
  });
  const done = run.result.then(({ code, signal, output }) => ({ exitCode: code, signal, output }));
  return { child: run.child, output: run.output, done };
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
