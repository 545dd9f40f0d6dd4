import type { Finding } from './types';

/**
 * Joins the findings of several chunks or runs. Findings with the same fingerprint are one: the
 * copy with the highest priority (lowest number), then the highest confidence, is kept, and it
 * takes the best priority and confidence any copy had. Sorted by priority, file, line.
 */
export function mergeFindings(lists: Finding[][]): Finding[] {
  const byFingerprint = new Map<string, Finding>();
  for (const finding of lists.flat()) {
    const kept = byFingerprint.get(finding.fingerprint);
    if (!kept) {
      byFingerprint.set(finding.fingerprint, { ...finding });
      continue;
    }
    const better =
      finding.priority < kept.priority || (finding.priority === kept.priority && finding.confidence > kept.confidence);
    const merged = better ? { ...finding } : kept;
    merged.priority = Math.min(kept.priority, finding.priority) as Finding['priority'];
    merged.confidence = Math.max(kept.confidence, finding.confidence);
    byFingerprint.set(finding.fingerprint, merged);
  }
  return sortFindings([...byFingerprint.values()]);
}

/** Priority, then file, then lines; title and fingerprint break the remaining ties so the order is total. */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      a.priority - b.priority ||
      compare(a.file, b.file) ||
      a.startLine - b.startLine ||
      a.endLine - b.endLine ||
      compare(a.title, b.title) ||
      compare(a.fingerprint, b.fingerprint),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
