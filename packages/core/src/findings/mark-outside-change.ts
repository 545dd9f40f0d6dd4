import { touchesChange } from '../files/file-diff';
import type { Finding } from './types';

/**
 * scope 'changes': marks the findings whose lines do not meet the change of their file. They are
 * kept (a real defect next to the change still matters) but the reports say they are not about the diff.
 * Without changed lines (scope 'project') the findings are returned as they are.
 */
export function markOutsideChange(
  findings: Finding[],
  changedLines: Record<string, Array<[number, number]>> | undefined,
): Finding[] {
  if (!changedLines) return findings;
  return findings.map((finding) => {
    const ranges = changedLines[finding.file];
    const outside = !ranges || !touchesChange(ranges, finding.startLine, finding.endLine);
    return outside ? { ...finding, outsideChange: true } : finding;
  });
}
