import { isTestFile, judgeRun, snapshotOwner } from './judge-run';
import type { FileOutcome } from './jest-results';
import type { TestRun } from './test-run';

function jestRun(success: boolean, outcomes: Array<[string, boolean, string?]>): TestRun {
  const files = new Map<string, FileOutcome>(
    outcomes.map(([file, passed, message]) => [
      file,
      {
        file,
        passed,
        tests: { passed: passed ? 2 : 0, failed: passed ? 0 : 1, total: passed ? 2 : 1 },
        message: message ?? '',
      },
    ]),
  );
  return {
    success,
    exitCode: success ? 0 : 1,
    command: 'jest',
    durationMs: 1,
    outputTail: 'tail of output',
    jest: { success, tests: { passed: 0, failed: 0, total: 0 }, files },
  };
}

function plainRun(success: boolean): TestRun {
  return { success, exitCode: success ? 0 : 2, command: 'npm test', durationMs: 1, outputTail: 'Error: boom' };
}

describe('judgeRun', () => {
  const baseline = jestRun(true, [['p/a.spec.ts', true]]);

  it('judges each generated file on its own with Jest results', () => {
    const run = jestRun(false, [
      ['p/a.spec.ts', true],
      ['p/new-ok.spec.ts', true],
      ['p/new-bad.spec.ts', false, 'expect(received).toBe(expected)'],
    ]);
    const verdict = judgeRun(run, ['p/new-ok.spec.ts', 'p/new-bad.spec.ts', 'p/ignored.spec.ts'], baseline);
    expect(verdict.passed).toEqual([{ file: 'p/new-ok.spec.ts', tests: { passed: 2, failed: 0, total: 2 } }]);
    expect(verdict.failed.map((f) => [f.file, f.reason])).toEqual([
      ['p/new-bad.spec.ts', 'failed'],
      ['p/ignored.spec.ts', 'not-run'],
    ]);
    expect(verdict.failed[0].message).toContain('toBe');
    expect(verdict.brokenExisting).toEqual([]);
  });

  it('names existing tests that passed before and fail now', () => {
    const run = jestRun(false, [
      ['p/a.spec.ts', false, 'global state leaked'],
      ['p/new.spec.ts', true],
    ]);
    const verdict = judgeRun(run, ['p/new.spec.ts'], baseline);
    expect(verdict.brokenExisting.map((b) => b.file)).toEqual(['p/a.spec.ts']);
  });

  it('does not blame new files for a test that already failed in the baseline', () => {
    const failingBaseline = jestRun(false, [['p/a.spec.ts', false]]);
    const run = jestRun(false, [
      ['p/a.spec.ts', false],
      ['p/new.spec.ts', true],
    ]);
    const verdict = judgeRun(run, ['p/new.spec.ts'], failingBaseline);
    expect(verdict.passed.map((p) => p.file)).toEqual(['p/new.spec.ts']);
    expect(verdict.brokenExisting).toEqual([]);
  });

  it('fails every generated file when the command fails although every file passed (a threshold, a type check)', () => {
    const run = jestRun(false, [['p/new.spec.ts', true]]);
    const verdict = judgeRun(run, ['p/new.spec.ts'], baseline);
    expect(verdict.failed.map((f) => [f.file, f.reason])).toEqual([['p/new.spec.ts', 'run-failed']]);
  });

  it('lets the exit code decide for all files without per-file results', () => {
    expect(judgeRun(plainRun(true), ['a.spec.ts', 'b.spec.ts'], plainRun(true)).passed.map((p) => p.file)).toEqual([
      'a.spec.ts',
      'b.spec.ts',
    ]);
    const failed = judgeRun(plainRun(false), ['a.spec.ts', 'b.spec.ts'], plainRun(true));
    expect(failed.passed).toEqual([]);
    expect(failed.failed.map((f) => f.reason)).toEqual(['run-failed', 'run-failed']);
    expect(failed.failed[0].message).toContain('Error: boom');
  });
});

describe('test files and snapshots', () => {
  it('recognises test files by name', () => {
    expect(
      [
        'a.spec.ts',
        'b.test.tsx',
        'c.spec.mjs',
        'd.ts',
        'spec.ts',
        'e.specs.ts',
        'src/__tests__/f.ts',
        '__tests__/g.js',
        '__tests__/h.json',
      ].filter(isTestFile),
    ).toEqual(['a.spec.ts', 'b.test.tsx', 'c.spec.mjs', 'src/__tests__/f.ts', '__tests__/g.js']);
  });

  it('finds the test file a Jest snapshot belongs to', () => {
    expect(snapshotOwner('p/src/__snapshots__/a.spec.ts.snap')).toBe('p/src/a.spec.ts');
    expect(snapshotOwner('__snapshots__/a.spec.ts.snap')).toBe('a.spec.ts');
    expect(snapshotOwner('p/src/a.spec.ts')).toBeUndefined();
  });
});
