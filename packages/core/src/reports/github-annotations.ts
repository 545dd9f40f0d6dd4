import type { Finding, Priority, ReviewResult } from '../findings/types';
import { PRIORITY_LABELS } from '../findings/types';
import { escapeData, escapeProperty, neutraliseWorkflowCommands, stripControls } from '../sanitise';
import { reportPath, type ReportOptions } from './report-options';

export { escapeData, escapeProperty } from '../sanitise';

const COMMANDS: Record<Priority, 'error' | 'warning' | 'notice'> = {
  0: 'error',
  1: 'error',
  2: 'warning',
  3: 'notice',
};

/**
 * GitHub Actions workflow commands, one line per finding:
 * `::error file=…,line=…,endLine=…,title=…::message` (P0/P1 error, P2 warning, P3 notice).
 * The runner reads them only at the start of a line, so they must be printed as they are, never
 * through a logger that prefixes lines. GitHub shows at most 10 of each kind per step, so the
 * findings keep their priority order.
 */
export function githubAnnotations(result: ReviewResult, options: ReportOptions = {}): string[] {
  return result.findings.map((finding) => annotation(finding, options));
}

function annotation(finding: Finding, options: ReportOptions): string {
  const title = neutraliseWorkflowCommands(stripControls(`[${PRIORITY_LABELS[finding.priority]}] ${finding.title}`));
  const message = neutraliseWorkflowCommands(stripControls(finding.body || finding.title, { multiline: true }));
  const properties = [
    `file=${escapeProperty(stripControls(reportPath(finding.file, options)))}`,
    `line=${finding.startLine}`,
    `endLine=${finding.endLine}`,
    `title=${escapeProperty(title)}`,
  ];
  return `::${COMMANDS[finding.priority]} ${properties.join(',')}::${escapeData(message)}`;
}
