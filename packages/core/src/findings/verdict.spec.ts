import { sampleFinding } from '../reports/testing/sample-review-result';
import { deriveVerdict, verdictText } from './verdict';

describe('deriveVerdict', () => {
  const files = ['apps/web/src/main.ts'];

  it('says "nothing reviewed" for zero files, whatever else is known', () => {
    expect(deriveVerdict([], [])).toBe('nothing-reviewed');
    expect(verdictText({ verdict: deriveVerdict([], []) })).toBe('nothing reviewed');
  });

  it('says "changes needed" when a P0 or P1 exists, "no blocking findings" for P2/P3 or none', () => {
    expect(deriveVerdict(files, [sampleFinding({ priority: 0 })])).toBe('changes-needed');
    expect(deriveVerdict(files, [sampleFinding({ priority: 3 }), sampleFinding({ priority: 1 })])).toBe(
      'changes-needed',
    );
    expect(deriveVerdict(files, [sampleFinding({ priority: 2 }), sampleFinding({ priority: 3 })])).toBe(
      'no-blocking-findings',
    );
    expect(deriveVerdict(files, [])).toBe('no-blocking-findings');
  });

  it('never says "correct" or "patch", for a change or a whole project', () => {
    for (const verdict of ['no-blocking-findings', 'changes-needed', 'nothing-reviewed'] as const)
      expect(verdictText({ verdict })).not.toMatch(/correct|patch/);
  });
});
