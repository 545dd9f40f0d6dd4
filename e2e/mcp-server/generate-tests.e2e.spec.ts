/**
 * generate_tests runs the codex-generate-tests target (@nx-codex/test-generation) through Nx, in a
 * temporary workspace with one Jest project, real codex 0.169.0 and tools/local-model.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createTempWorkspace,
  expectNothingLeftThenClean,
  startServer,
  testing,
  textOf,
  type RunningServer,
  type TempWorkspace,
} from './harness';

const JEST_CONFIG = `module.exports = {
  testEnvironment: 'node',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  transform: { '^.+\\\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }] },
  moduleFileExtensions: ['ts', 'js', 'json'],
};
`;
// Branches, so that a generated test can add coverage to what first.spec.ts covers (test generation keeps only tests that do).
const CLAMP_TS =
  'export function clamp(value: number, min: number, max: number): number {\n  if (value < min) return min;\n  if (value > max) return max;\n  return value;\n}\n';
const CLAMP_SPEC_TS =
  "import { clamp } from './clamp';\n\ndescribe('clamp', () => {\n  it('keeps values in range', () => {\n    expect(clamp(5, 0, 10)).toBe(5);\n    expect(clamp(42, 0, 10)).toBe(10);\n  });\n});\n";
const FIRST_SPEC_TS =
  "import { clamp } from './clamp';\n\nit('clamps below', () => expect(clamp(-1, 0, 1)).toBe(0));\n";

/** Codex's answer: add src/clamp.spec.ts (apply_patch paths are relative to the project, codex's cwd). */
const WRITE_A_TEST: testing.Scenario = {
  name: 'write-a-test',
  steps: [
    {
      kind: 'apply_patch',
      patch: `*** Begin Patch\n*** Add File: src/clamp.spec.ts\n${CLAMP_SPEC_TS.replace(/\n$/, '')
        .split('\n')
        .map((line) => `+${line}`)
        .join('\n')}\n*** End Patch\n`,
      then: { kind: 'message', text: 'Wrote src/clamp.spec.ts.' },
    },
  ],
};

describe('nx-codex-mcp: generate_tests', () => {
  let model: testing.LocalModel;
  let home: testing.CodexHome;
  let workspace: TempWorkspace;
  let server: RunningServer;

  beforeAll(async () => {
    model = await testing.startLocalModel({ scenario: WRITE_A_TEST });
    home = testing.createCodexHome({ baseUrl: model.url });
    workspace = createTempWorkspace(
      { gamma: { 'jest.config.cjs': JEST_CONFIG, 'src/clamp.ts': CLAMP_TS, 'src/first.spec.ts': FIRST_SPEC_TS } },
      {
        plugins: ['@nx-codex/test-generation/plugin'],
        targets: {
          gamma: { test: { executor: '@nx/jest:jest', options: { jestConfig: 'libs/gamma/jest.config.cjs' } } },
        },
      },
    );
    server = await startServer({ cwd: workspace.dir, env: home.env });
  });

  afterAll(async () => {
    await server?.close();
    await model?.stop();
    await expectNothingLeftThenClean(workspace, home);
  });

  it('dry run: returns the report and the patch of the kept test, and leaves the workspace unchanged', async () => {
    const result = await server.client.callTool(
      { name: 'generate_tests', arguments: { project: 'gamma', dryRun: true } },
      undefined,
      { timeout: 55000 },
    );
    expect(textOf(result)).toMatch(/^gamma: completed: kept 1 of 1 test file/);
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toMatchObject({
      project: 'gamma',
      dryRun: true,
      fromCache: false,
      report: {
        status: 'completed',
        dryRun: true,
        summary: { kept: 1 },
        patch: 'dist/codex-generate-tests/gamma/tests.patch',
      },
    });
    expect(execFileSync('git', ['status', '--porcelain'], { cwd: workspace.dir, encoding: 'utf8' })).toBe('');
    expect(existsSync(join(workspace.dir, 'libs/gamma/src/clamp.spec.ts'))).toBe(false);
    expect(readFileSync(join(workspace.dir, 'dist/codex-generate-tests/gamma/tests.patch'), 'utf8')).toContain(
      '+++ b/libs/gamma/src/clamp.spec.ts',
    );
  });
});
