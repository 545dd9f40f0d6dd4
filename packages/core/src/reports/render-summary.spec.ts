import { renderSummary } from './render-summary';
import { sampleFinding, sampleReviewResult } from './testing/sample-review-result';

describe('renderSummary', () => {
  it('prints verdict, counts by priority, the top findings, files and tokens, in plain text without colour', () => {
    expect(
      renderSummary(sampleReviewResult(), { color: false, top: 2, reportPath: 'dist/codex-review/web/review.md' }),
    ).toBe(
      [
        'Codex review of web: changes needed (model confidence 0.90)',
        '  Findings: 3 (P0 1, P1 0, P2 1, P3 1)',
        '    P0  apps/web/src/main.ts:4-7  Do not run user input as SQL',
        '    P2  apps/web/src/list.ts:10  Handle the empty list',
        '    … and 1 more in dist/codex-review/web/review.md',
        '  Files: 2 reviewed, 1 skipped',
        '  Tokens: 12,345 in (1,000 cached), 2,345 out (500 reasoning) over 1 chunk (gpt-5.5)',
        '',
      ].join('\n'),
    );
  });

  it('lists five findings by default', () => {
    const findings = Array.from({ length: 7 }, (_, i) =>
      sampleFinding({ priority: 3, startLine: i + 1, endLine: i + 1 }),
    );
    const summary = renderSummary(sampleReviewResult({ findings }), { color: false });
    expect(summary.split('\n').filter((line) => line.startsWith('    P3'))).toHaveLength(5);
    expect(summary).toContain('    … and 2 more\n');
  });

  it('colours only when asked, and by default only on a TTY', () => {
    expect(renderSummary(sampleReviewResult(), { color: true })).toContain('\x1b[1;31mP0\x1b[0m');
    const isTTY = process.stdout.isTTY;
    try {
      Object.defineProperty(process.stdout, 'isTTY', { value: false, configurable: true });
      expect(renderSummary(sampleReviewResult())).not.toContain('\x1b[');
    } finally {
      Object.defineProperty(process.stdout, 'isTTY', { value: isTTY, configurable: true });
    }
  });
});
