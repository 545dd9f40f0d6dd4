import { planTestCommand, testRunCommand } from './test-command';

describe('planTestCommand', () => {
  it('runs Jest directly with the configuration of an @nx/jest test target', () => {
    const plan = planTestCommand({
      project: 'lib',
      testTarget: { executor: '@nx/jest:jest', options: { jestConfig: 'libs/my lib/jest.config.ts' } },
    });
    expect(plan).toEqual({
      command: "node_modules/.bin/jest --config 'libs/my lib/jest.config.ts'",
      runner: 'jest',
      detectedFrom: "the test target's executor @nx/jest:jest",
      directJest: true,
    });
  });

  it('runs the test target through Nx when its Jest configuration is unknown', () => {
    const plan = planTestCommand({ project: 'lib', testTarget: { executor: '@nx/jest:jest' } });
    expect(plan).toEqual({
      command: 'npx nx run lib:test --skip-nx-cache',
      runner: 'jest',
      detectedFrom: "the test target's executor @nx/jest:jest",
    });
  });

  it('runs the Jest of a target inferred by @nx/jest/plugin directly: its folder, its env, its arguments', () => {
    const env = { TS_NODE_COMPILER_OPTIONS: '{"moduleResolution":"node10"}' };
    const inferred = planTestCommand({
      project: 'lib',
      testTarget: { command: 'jest', options: { cwd: 'libs/my-lib', env } },
    });
    expect(inferred).toEqual({
      command: `cd libs/my-lib && TS_NODE_COMPILER_OPTIONS='{"moduleResolution":"node10"}' ../../node_modules/.bin/jest`,
      runner: 'jest',
      detectedFrom: 'the test target runs jest',
      directJest: true,
    });
    // Our flags go to Jest itself, after the target's own arguments.
    expect(
      testRunCommand(
        planTestCommand({
          project: 'lib',
          testTarget: { executor: 'nx:run-commands', options: { command: 'jest --ci', cwd: 'lib' } },
        }),
        '/tmp/r.json',
        false,
        ['/w/lib/a.spec.ts'],
      ),
    ).toBe(
      'cd lib && ../node_modules/.bin/jest --ci --json --outputFile=/tmp/r.json --passWithNoTests --runTestsByPath /w/lib/a.spec.ts',
    );
  });

  it('keeps going through Nx when the inferred command is not a plain jest in a known folder', () => {
    const viaNx = 'npx nx run lib:test --skip-nx-cache';
    expect(
      planTestCommand({ project: 'lib', testTarget: { command: 'jest && rm -rf x', options: { cwd: 'lib' } } }).command,
    ).toBe(viaNx);
    expect(
      planTestCommand({ project: 'lib', testTarget: { command: 'jest', options: { cwd: '{projectRoot}' } } }).command,
    ).toBe(viaNx);
    expect(
      planTestCommand({ project: 'lib', testTarget: { command: 'jest', options: { cwd: '../elsewhere' } } }).command,
    ).toBe(viaNx);
    expect(planTestCommand({ project: 'lib', testTarget: { command: 'jest' } }).command).toBe(viaNx);
    expect(
      planTestCommand({
        project: 'lib',
        testTarget: { command: 'jest', options: { cwd: 'lib', env: { 'BAD NAME': 'x' } } },
      }).command,
    ).toBe(viaNx);
  });

  it('spots jest in a run-commands or inferred target', () => {
    expect(
      planTestCommand({
        project: 'lib',
        testTarget: { executor: 'nx:run-commands', options: { command: 'jest --config lib/jest.config.ts' } },
      }).runner,
    ).toBe('jest');
    expect(planTestCommand({ project: 'lib', testTarget: { command: 'npx jest' } }).runner).toBe('jest');
    expect(
      planTestCommand({
        project: 'lib',
        testTarget: { executor: 'nx:run-commands', options: { commands: [{ command: 'vitest run' }] } },
      }).runner,
    ).toBe('other');
    expect(planTestCommand({ project: 'lib', testTarget: { executor: '@nx/vite:test' } }).runner).toBe('other');
  });

  it('takes testCommand and testRunner from the options', () => {
    expect(planTestCommand({ project: 'lib', testCommand: 'npx jest -c lib/jest.config.cjs' })).toMatchObject({
      command: 'npx jest -c lib/jest.config.cjs',
      runner: 'jest',
    });
    expect(planTestCommand({ project: 'lib', testCommand: 'npm test' }).runner).toBe('other');
    expect(planTestCommand({ project: 'lib', testCommand: 'npm test', testRunner: 'jest' }).runner).toBe('jest');
  });

  it('refuses a project without a test target or command, saying what to set', () => {
    expect(() => planTestCommand({ project: 'lib' })).toThrow(/no `test` target.*testCommand/s);
  });
});

describe('testRunCommand', () => {
  it('appends Jest flags for per-file JSON results and coverage', () => {
    const plan = { command: 'npx nx run lib:test --skip-nx-cache', runner: 'jest' as const, detectedFrom: '' };
    expect(testRunCommand(plan, '/tmp/a b/r.json', true)).toBe(
      "npx nx run lib:test --skip-nx-cache --json --outputFile='/tmp/a b/r.json' --passWithNoTests --coverage --coverageReporters=json-summary",
    );
    expect(testRunCommand(plan, '/tmp/r.json', false)).toBe(
      'npx nx run lib:test --skip-nx-cache --json --outputFile=/tmp/r.json --passWithNoTests',
    );
  });

  it('runs only the given test files when the command is Jest itself', () => {
    const plan = {
      command: 'node_modules/.bin/jest --config lib/jest.config.cjs',
      runner: 'jest' as const,
      detectedFrom: '',
      directJest: true,
    };
    expect(testRunCommand(plan, '/tmp/r.json', true, ['/ws/lib/a.spec.ts'])).toBe(
      'node_modules/.bin/jest --config lib/jest.config.cjs --json --outputFile=/tmp/r.json --passWithNoTests --coverage --coverageReporters=json-summary --runTestsByPath /ws/lib/a.spec.ts',
    );
    // Through Nx, the jest executor would not map it: the whole run.
    const throughNx = planTestCommand({
      project: 'lib',
      testCommand: 'npx nx run lib:test --skip-nx-cache',
      testRunner: 'jest',
    });
    expect(throughNx.directJest).toBeUndefined();
    expect(testRunCommand(throughNx, '/tmp/r.json', true, ['/ws/lib/a.spec.ts'])).toBe(
      'npx nx run lib:test --skip-nx-cache --json --outputFile=/tmp/r.json --passWithNoTests --coverage --coverageReporters=json-summary',
    );
    expect(planTestCommand({ project: 'lib', testCommand: 'npx jest -c lib/jest.config.cjs' }).directJest).toBe(true);
  });

  it('leaves other runners alone', () => {
    expect(testRunCommand({ command: 'npm test', runner: 'other', detectedFrom: '' }, '/tmp/r.json', true)).toBe(
      'npm test',
    );
  });
});
