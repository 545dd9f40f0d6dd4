import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { renderSummary, summarize, writeReportAtomically, type GenerateReport } from './report';

function sampleReport(): GenerateReport {
  const files: GenerateReport['files'] = [
    { path: 'lib/src/a.spec.ts', change: 'added', status: 'kept', repaired: false, rounds: [1], tests: 3 },
    { path: 'lib/src/b.spec.ts', change: 'added', status: 'kept', repaired: true, rounds: [1, 2], tests: 2 },
    {
      path: 'lib/src/c.spec.ts',
      change: 'added',
      status: 'discarded',
      repaired: false,
      rounds: [1, 2, 3],
      reason: 'failed',
      message: 'Expected 1',
    },
  ];
  const rejected: GenerateReport['rejected'] = [
    {
      path: 'lib/src/a.ts',
      kind: 'modified',
      reason: 'not-allowed',
      detail: 'not a test file',
      restored: true,
      round: 1,
    },
  ];
  return {
    version: 1,
    project: 'lib',
    projectRoot: 'lib',
    status: 'completed',
    dryRun: false,
    message: 'completed: kept 2 of 3 test file(s)',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1234,
    summary: summarize(files, rejected),
    testCommand: { command: 'npx nx run lib:test --skip-nx-cache', runner: 'jest', detectedFrom: 'x' },
    baseline: { success: true, tests: { passed: 1, failed: 0, total: 1 }, durationMs: 10 },
    coverage: {
      files: 1,
      lines: { before: 1, after: 3, total: 4, beforePct: 25, afterPct: 75, deltaPct: 50 },
      statements: { before: 1, after: 3, total: 4, beforePct: 25, afterPct: 75, deltaPct: 50 },
      functions: { before: 1, after: 2, total: 2, beforePct: 50, afterPct: 100, deltaPct: 50 },
      branches: { before: 0, after: 0, total: 0, beforePct: 100, afterPct: 100, deltaPct: 0 },
    },
    files,
    rejected,
    rounds: [],
    usage: { inputTokens: 100, cachedInputTokens: 10, outputTokens: 20, reasoningOutputTokens: 0 },
    codex: { version: '0.169.0', promptVersion: 'generate-tests/1' },
    notes: [{ round: 1, text: 'Wrote b.spec.ts.\nSuspected bug: a() ignores its second argument.' }],
  };
}

describe('summarize', () => {
  it('counts written, kept, repaired, discarded, rejected files and kept tests', () => {
    expect(sampleReport().summary).toEqual({
      written: 3,
      kept: 2,
      repaired: 1,
      discarded: 1,
      conflicts: 0,
      rejected: 1,
      testsKept: 5,
    });
  });
});

describe('writeReportAtomically', () => {
  it('writes the JSON in place and leaves no temporary file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tg-report-'));
    try {
      const file = path.join(dir, 'nested', 'report.json');
      writeReportAtomically(file, sampleReport());
      expect(JSON.parse(readFileSync(file, 'utf8')).summary.kept).toBe(2);
      expect(readdirSync(path.dirname(file))).toEqual(['report.json']);
      writeReportAtomically(file, { ...sampleReport(), message: 'second' });
      expect(JSON.parse(readFileSync(file, 'utf8')).message).toBe('second');
    } finally {
      rmSync(dir, { recursive: true, force: true });
      expect(existsSync(dir)).toBe(false);
    }
  });
});

describe('renderSummary', () => {
  it('puts the error of a failed run under the headline', () => {
    const text = renderSummary({
      ...sampleReport(),
      status: 'failed',
      message: 'refused to start',
      error: { message: 'Project "lib" has uncommitted changes:\n  lib/a.ts (modified)' },
      files: [],
      rejected: [],
      notes: [],
    });
    expect(text.split('\n').slice(0, 3)).toEqual([
      'codex-generate-tests lib: refused to start',
      '  Project "lib" has uncommitted changes:',
      '    lib/a.ts (modified)',
    ]);
  });

  it('shows every file, every rejected change, coverage and tokens', () => {
    const text = renderSummary(sampleReport());
    expect(text).toContain('codex-generate-tests lib: completed: kept 2 of 3 test file(s)');
    expect(text).toContain(
      'files written 3, kept 2 (1 after repair), discarded 1, conflicts 0; tests kept 5; changes rejected 1',
    );
    expect(text).toContain('+ lib/src/b.spec.ts  kept (repaired), 2 tests');
    expect(text).toContain('- lib/src/c.spec.ts  discarded: failed');
    expect(text).toContain('! lib/src/a.ts  rejected (modified): not a test file, restored');
    expect(text).toContain('coverage: lines 25% -> 75% (+50)');
    expect(text).toContain('tokens: 100 in (10 cached), 20 out');
    expect(text).toContain('codex, round 1: Wrote b.spec.ts. Suspected bug: a() ignores its second argument.');
  });
});
