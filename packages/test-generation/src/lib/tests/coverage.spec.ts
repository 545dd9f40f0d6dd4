import { compareCoverage, coverageGain, summarizeCoverageMap, type FileCoverage } from './coverage';

const istanbulFile = {
  path: '/ws/lib/src/math.ts',
  statementMap: {
    '0': { start: { line: 1, column: 0 }, end: { line: 1, column: 10 } },
    '1': { start: { line: 2, column: 0 }, end: { line: 2, column: 10 } },
    '2': { start: { line: 2, column: 12 }, end: { line: 2, column: 20 } },
    '3': { start: { line: 3, column: 0 }, end: { line: 3, column: 10 } },
  },
  s: { '0': 1, '1': 0, '2': 3, '3': 0 },
  f: { '0': 1, '1': 0 },
  b: { '0': [1, 0], '1': [0, 0] },
};

describe('summarizeCoverageMap', () => {
  it('counts lines, statements, functions and branches as istanbul does', () => {
    const files = summarizeCoverageMap({ '/ws/lib/src/math.ts': istanbulFile }, (file) => file.replace('/ws/', ''));
    expect(files.get('lib/src/math.ts')).toEqual({
      lines: { covered: 2, total: 3 },
      statements: { covered: 2, total: 4 },
      functions: { covered: 1, total: 2 },
      branches: { covered: 1, total: 4 },
      points: new Set(['L1', 'L2', 'B0.0']),
    });
  });

  it('drops files the key function rejects and accepts entries wrapped in { data }', () => {
    const files = summarizeCoverageMap({ '/ws/a.ts': { data: istanbulFile }, '/ws/b.ts': istanbulFile }, (file) =>
      file.endsWith('a.ts') ? 'a.ts' : undefined,
    );
    expect([...files.keys()]).toEqual(['a.ts']);
    expect(files.get('a.ts')?.statements.total).toBe(4);
  });
});

describe('compareCoverage', () => {
  it('measures both runs over the same files, so a newly loaded file raises coverage', () => {
    const before = new Map([
      [
        'a.ts',
        {
          lines: { covered: 5, total: 10 },
          statements: { covered: 5, total: 10 },
          functions: { covered: 1, total: 2 },
          branches: { covered: 0, total: 0 },
          points: new Set<string>(),
        },
      ],
    ]);
    const after = new Map([
      [
        'a.ts',
        {
          lines: { covered: 6, total: 10 },
          statements: { covered: 6, total: 10 },
          functions: { covered: 1, total: 2 },
          branches: { covered: 0, total: 0 },
          points: new Set<string>(),
        },
      ],
      [
        'b.ts',
        {
          lines: { covered: 5, total: 10 },
          statements: { covered: 5, total: 10 },
          functions: { covered: 2, total: 2 },
          branches: { covered: 1, total: 2 },
          points: new Set<string>(),
        },
      ],
    ]);
    const comparison = compareCoverage(before, after);
    expect(comparison.files).toBe(2);
    expect(comparison.lines).toEqual({ before: 5, after: 11, total: 20, beforePct: 25, afterPct: 55, deltaPct: 30 });
    expect(comparison.branches).toEqual({ before: 0, after: 1, total: 2, beforePct: 0, afterPct: 50, deltaPct: 50 });
  });

  it('reports no change when nothing was kept', () => {
    const same = new Map([
      [
        'a.ts',
        {
          lines: { covered: 1, total: 3 },
          statements: { covered: 1, total: 3 },
          functions: { covered: 0, total: 1 },
          branches: { covered: 0, total: 0 },
          points: new Set<string>(),
        },
      ],
    ]);
    const comparison = compareCoverage(same, same);
    expect(comparison.lines.deltaPct).toBe(0);
    expect(comparison.lines.beforePct).toBe(33.33);
    expect(comparison.branches.afterPct).toBe(100);
  });
});

describe('coverageGain', () => {
  const file = (points: string[]): FileCoverage => ({
    lines: { covered: 0, total: 0 },
    statements: { covered: 0, total: 0 },
    functions: { covered: 0, total: 0 },
    branches: { covered: 0, total: 0 },
    points: new Set(points),
  });

  it('counts only lines and branch paths no existing test covered, in files loaded before or not', () => {
    const baseline = new Map([['a.ts', file(['L1', 'L2', 'B0.0'])]]);
    const run = new Map([
      ['a.ts', file(['L1', 'L3', 'B0.0', 'B0.1'])],
      ['b.ts', file(['L1'])],
    ]);
    expect(coverageGain(baseline, run)).toEqual({ lines: 2, branches: 1 });
  });

  it('is zero for a test that covers what the existing tests already cover', () => {
    const baseline = new Map([['a.ts', file(['L1', 'L2', 'B0.0'])]]);
    expect(coverageGain(baseline, new Map([['a.ts', file(['L2', 'B0.0'])]]))).toEqual({ lines: 0, branches: 0 });
  });
});
