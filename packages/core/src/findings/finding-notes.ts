import { LIMITS, stripControls } from '../sanitise';
import { truncate } from '../text';
import type { FindingNote } from './types';

/**
 * What a finding from the model may hold, and a note for each change: a title on one line and
 * capped, a body capped, lines clamped to the file's real length. `lines` is undefined when the
 * file's length is not known (then only the order of start and end is fixed).
 */
export function limitFinding(
  raw: { title: string; body: string; file: string; start: number; end: number },
  lines: number | undefined,
  notes: FindingNote[],
): { title: string; body: string; startLine: number; endLine: number } {
  const note = (action: FindingNote['action'], reason: FindingNote['reason'], detail: string) =>
    notes.push({ action, reason, finding: noteLabel(raw.title, raw.file, raw.start), detail });
  const oneLine = stripControls(raw.title)
    .replace(/^\s*\[P[0-3]\]\s*/i, '')
    .trim();
  const title = truncate(oneLine, LIMITS.titleChars);
  if (title !== oneLine)
    note('truncated', 'title-too-long', `title cut from ${oneLine.length} to ${LIMITS.titleChars} characters`);
  const clean = stripControls(raw.body, { multiline: true }).trim();
  const body = truncate(clean, LIMITS.bodyChars);
  if (body !== clean)
    note('truncated', 'body-too-long', `body cut from ${clean.length} to ${LIMITS.bodyChars} characters`);

  const last = lines === undefined ? Number.MAX_SAFE_INTEGER : Math.max(1, lines);
  const startLine = clamp(raw.start, 1, last);
  const endLine = clamp(raw.end, startLine, last);
  if (startLine !== raw.start || endLine !== raw.end) {
    note(
      'clamped',
      'line-out-of-range',
      `lines ${raw.start}-${raw.end} clamped to ${startLine}-${endLine}${lines === undefined ? '' : ` (the file has ${lines} lines)`}`,
    );
  }
  return { title, body, startLine, endLine };
}

/** Keeps the first `LIMITS.findings` of findings sorted by priority; one note counts the rest. */
export function capFindingCount<T extends { priority: number }>(sorted: T[], notes: FindingNote[]): T[] {
  if (sorted.length <= LIMITS.findings) return sorted;
  const dropped = sorted.slice(LIMITS.findings);
  notes.push({
    action: 'dropped',
    reason: 'too-many-findings',
    finding: `${dropped.length} findings`,
    detail: `only the first ${LIMITS.findings} findings by priority are kept; ${dropped.length} more (P${dropped[0].priority} and below) were dropped`,
  });
  return sorted.slice(0, LIMITS.findings);
}

/** A finding named in a note: its title and where the model put it, sanitised and short. */
export function noteLabel(title: string, file: string, line: number): string {
  return `"${truncate(stripControls(title).trim(), 80)}" at ${truncate(stripControls(file).trim(), 120)}:${line}`;
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(Math.trunc(value), min), max) : min;
}
