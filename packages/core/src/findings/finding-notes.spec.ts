import { sampleFinding } from '../reports/testing/sample-review-result';
import { LIMITS } from '../sanitise';
import { capFindingCount } from './finding-notes';
import type { FindingNote } from './types';

describe('capFindingCount', () => {
  it('keeps the first findings up to the limit and counts the rest in one note', () => {
    const findings = Array.from({ length: LIMITS.findings + 7 }, (_, i) =>
      sampleFinding({ priority: i < LIMITS.findings ? 1 : 3, startLine: i + 1, endLine: i + 1 }),
    );
    const notes: FindingNote[] = [];
    expect(capFindingCount(findings, notes)).toHaveLength(LIMITS.findings);
    expect(notes).toEqual([
      {
        action: 'dropped',
        reason: 'too-many-findings',
        finding: '7 findings',
        detail: `only the first ${LIMITS.findings} findings by priority are kept; 7 more (P3 and below) were dropped`,
      },
    ]);
    const few: FindingNote[] = [];
    expect(capFindingCount(findings.slice(0, 3), few)).toHaveLength(3);
    expect(few).toEqual([]);
  });
});
