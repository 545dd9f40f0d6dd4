import { createHash } from 'node:crypto';

/** Titles that differ only in case, spacing, a leading "[P1]" tag or a final full stop name the same problem. */
export function normaliseTitle(title: string): string {
  return title
    .normalize('NFKC')
    .replace(/^\s*\[P[0-3]\]\s*/i, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.!]+$/, '')
    .toLowerCase();
}

/** A stable id for a finding: the first 16 hex digits of sha256 over file, line range and normalised title. */
export function fingerprintFinding(file: string, startLine: number, endLine: number, title: string): string {
  const key = [file.replace(/\\/g, '/'), String(startLine), String(endLine), normaliseTitle(title)].join('\n');
  return createHash('sha256').update(key, 'utf8').digest('hex').slice(0, 16);
}
