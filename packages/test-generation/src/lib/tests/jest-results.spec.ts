import { parseJestReport } from './jest-results';

describe('parseJestReport', () => {
  const report = {
    success: false,
    numPassedTests: 3,
    numFailedTests: 1,
    numTotalTests: 4,
    testResults: [
      {
        name: '/ws/lib/a.spec.ts',
        status: 'passed',
        message: '',
        assertionResults: [{ status: 'passed' }, { status: 'passed' }],
      },
      {
        name: '/ws/lib/b.spec.ts',
        status: 'failed',
        message: '\u001b[1m● b › adds\u001b[22m\n\n    expect(received).toBe(expected)',
        assertionResults: [
          { status: 'passed' },
          { status: 'failed', fullName: 'b adds', failureMessages: ['Error: expect(received).toBe(expected)'] },
        ],
      },
      {
        name: '/ws/lib/c.spec.ts',
        status: 'failed',
        message: 'Test suite failed to run\n\n    SyntaxError: Unexpected token',
        assertionResults: [],
      },
    ],
    coverageMap: { '/ws/lib/a.ts': {} },
  };

  it('gives each test file its result, counts and message without colours', () => {
    const parsed = parseJestReport(report, (file) => file.replace('/ws/', ''));
    expect(parsed.success).toBe(false);
    expect(parsed.tests).toEqual({ passed: 3, failed: 1, total: 4 });
    expect(parsed.files.get('lib/a.spec.ts')).toEqual({
      file: 'lib/a.spec.ts',
      passed: true,
      tests: { passed: 2, failed: 0, total: 2 },
      message: '',
    });
    const b = parsed.files.get('lib/b.spec.ts');
    expect(b?.passed).toBe(false);
    expect(b?.tests).toEqual({ passed: 1, failed: 1, total: 2 });
    expect(b?.message).toBe('● b › adds\n\n    expect(received).toBe(expected)');
    expect(parsed.files.get('lib/c.spec.ts')?.message).toContain('SyntaxError');
    expect(parsed.coverageMap).toEqual({ '/ws/lib/a.ts': {} });
  });

  it('falls back to the assertion messages when the suite message is empty', () => {
    const parsed = parseJestReport(
      {
        testResults: [
          {
            name: '/x.spec.ts',
            status: 'failed',
            message: '',
            assertionResults: [{ status: 'failed', fullName: 'x works', failureMessages: ['boom'] }],
          },
        ],
      },
      (f) => f,
    );
    expect(parsed.files.get('/x.spec.ts')?.message).toBe('● x works\nboom');
  });

  it('says what to do when the file is not a Jest report', () => {
    expect(() => parseJestReport({ results: [] }, (f) => f)).toThrow(/testRunner to "other"/);
  });
});
