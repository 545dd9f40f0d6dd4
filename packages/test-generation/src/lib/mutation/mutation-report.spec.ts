import { mutationScores, readMutationReport } from './mutation-report';

/** A small StrykerJS JSON report (mutation-testing-report-schema), as Jest runner with disableBail writes it. */
const REPORT = {
  schemaVersion: '2',
  thresholds: { high: 80, low: 60 },
  files: {
    'lib/src/math.ts': {
      language: 'typescript',
      source: '',
      mutants: [
        // Killed by the existing test only.
        { id: '0', mutatorName: 'BlockStatement', status: 'Killed', killedBy: ['1'] },
        // Killed by the existing test and by the generated one: not the generated file's own.
        { id: '1', mutatorName: 'ConditionalExpression', status: 'Killed', killedBy: ['1', '0'] },
        // Killed only by the generated boundary test.
        { id: '2', mutatorName: 'EqualityOperator', status: 'Killed', killedBy: ['0'] },
        { id: '3', mutatorName: 'EqualityOperator', status: 'Killed', killedBy: ['0', '2'] },
        // Killed only by the second generated file.
        { id: '4', mutatorName: 'StringLiteral', status: 'Killed', killedBy: ['3'] },
        { id: '5', mutatorName: 'EqualityOperator', status: 'Survived', coveredBy: ['0', '1'] },
        // Does not count: it never ran against the tests.
        { id: '6', mutatorName: 'ArithmeticOperator', status: 'CompileError' },
        { id: '7', mutatorName: 'EqualityOperator', status: 'NoCoverage' },
      ],
    },
  },
  testFiles: {
    'lib/src/clamp-bounds.spec.ts': {
      tests: [
        { id: '0', name: 'clamp keeps the bounds' },
        { id: '2', name: 'clamp at max' },
      ],
    },
    'lib/src/math.spec.ts': { tests: [{ id: '1', name: 'clamp runs' }] },
    'lib/src/clamp-message.spec.ts': { tests: [{ id: '3', name: 'clamp says why' }] },
    'lib/src/other.spec.ts': { tests: [{ id: '9', name: 'kills nothing' }] },
  },
};

describe('readMutationReport', () => {
  const generated = ['lib/src/clamp-bounds.spec.ts', 'lib/src/clamp-message.spec.ts', 'lib/src/other.spec.ts'];

  it('counts for each generated file the mutants it kills that no existing test kills', () => {
    const verdict = readMutationReport(REPORT, generated);
    expect(Object.fromEntries([...verdict.uniqueKills].map(([file, ids]) => [file, [...ids].sort()]))).toEqual({
      'lib/src/clamp-bounds.spec.ts': [2, 3],
      'lib/src/clamp-message.spec.ts': [4],
      'lib/src/other.spec.ts': [],
    });
  });

  it('counts compile errors out of the total, and what the existing tests kill as theirs', () => {
    const verdict = readMutationReport(REPORT, generated);
    expect(verdict.total).toBe(7);
    expect(verdict.killedByExisting).toBe(2);
  });

  it('scores the existing tests alone, then with the kept files', () => {
    const verdict = readMutationReport(REPORT, generated);
    expect(mutationScores(verdict, ['lib/src/clamp-bounds.spec.ts'])).toEqual({
      before: { killed: 2, total: 7, pct: 28.57 },
      after: { killed: 4, total: 7, pct: 57.14 },
    });
    expect(mutationScores(verdict, []).after).toEqual({ killed: 2, total: 7, pct: 28.57 });
  });

  it('takes a killing test the report does not place in a file as an existing one (it cannot be shown to be generated)', () => {
    const report = {
      files: { 'a.ts': { mutants: [{ status: 'Killed', killedBy: ['0', 'unknown'] }] } },
      testFiles: { 'a.spec.ts': { tests: [{ id: '0' }] } },
    };
    const verdict = readMutationReport(report, ['a.spec.ts']);
    expect(verdict.killedByExisting).toBe(1);
    expect(verdict.uniqueKills.get('a.spec.ts')?.size).toBe(0);
  });

  it('refuses something that is not a mutation report', () => {
    expect(() => readMutationReport({ schemaVersion: '2' }, generated)).toThrow('no `files`');
  });
});
