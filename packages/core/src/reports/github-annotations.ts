import type { Finding, Priority, ReviewResult } from '../findings/types';
import { PRIORITY_LABELS } from '../findings/types';
import { reportPath, type ReportOptions } from './report-options';

const COMMANDS: Record<Priority, 'error' | 'warning' | 'notice'> = { 0: 'error', 1: 'error', 2: 'warning', 3: 'notice' };

/**
 * GitHub Actions workflow commands, one line per finding:
 * `::error file=…,line=…,endLine=…,title=…::message` (P0/P1 error, P2 warning, P3 notice).
 * GitHub shows at most 10 of each kind per step, so the findings keep their priority order.
 */
export function githubAnnotations(result: ReviewResult, options: ReportOptions = {}): string[] {
  return result.findings.map((finding) => annotation(finding, options));
}

function annotation(finding: Finding, options: ReportOptions): string {
  const properties = [
    `file=${escapeProperty(reportPath(finding.file, options))}`,
    `line=${finding.startLine}`,
    `endLine=${finding.endLine}`,
    `title=${escapeProperty(`[${PRIORITY_LABELS[finding.priority]}] ${finding.title}`)}`,
  ];
  return `::${COMMANDS[finding.priority]} ${properties.join(',')}::${escapeData(finding.body || finding.title)}`;
}

/** As @actions/core escapes a command's message. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** As @actions/core escapes a command property: the message escapes, plus `:` and `,`. */
export function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
