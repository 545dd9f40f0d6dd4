import { PRIORITY_LABELS, type ReviewResult } from '../findings/types';
import { terminalText } from '../sanitise';
import { costSummaryLines } from './cost-summary';
import { formatConfidence, locationLabel, priorityCounts, verdictText } from './format';

export interface SummaryOptions {
  /** How many findings to list (they are sorted by priority). Default 5. */
  top?: number;
  /** ANSI colours; default: when stdout is a TTY and NO_COLOR is unset. */
  color?: boolean;
  /** Where the full report is, to point at it when findings are left out. */
  reportPath?: string;
}

const PRIORITY_COLORS = ['\x1b[1;31m', '\x1b[31m', '\x1b[33m', '\x1b[36m'];
const RESET = '\x1b[0m';

/** The terminal summary of a review: verdict, counts, the top findings, files and tokens. */
export function renderSummary(result: ReviewResult, options: SummaryOptions = {}): string {
  const top = options.top ?? 5;
  const color = options.color ?? (Boolean(process.stdout.isTTY) && !process.env.NO_COLOR);
  const paint = (code: string, text: string) => (color ? `${code}${text}${RESET}` : text);

  const verdictColor =
    result.verdict === 'changes-needed'
      ? '\x1b[1;31m'
      : result.verdict === 'nothing-reviewed'
        ? '\x1b[33m'
        : '\x1b[32m';
  const verdict = paint(verdictColor, verdictText(result));
  const confidence =
    result.verdict === 'nothing-reviewed' ? '' : ` (model confidence ${formatConfidence(result.confidence)})`;
  const lines = [
    `Codex review of ${terminalText(result.project)}: ${verdict}${confidence}`,
    `  Findings: ${result.findings.length} (${priorityCounts(result.findings)})`,
  ];
  for (const finding of result.findings.slice(0, top)) {
    const label = paint(PRIORITY_COLORS[finding.priority], PRIORITY_LABELS[finding.priority]);
    lines.push(`    ${label}  ${terminalText(locationLabel(finding))}  ${terminalText(finding.title)}`);
  }
  const hidden = result.findings.length - Math.min(top, result.findings.length);
  if (hidden > 0) lines.push(`    … and ${hidden} more${options.reportPath ? ` in ${options.reportPath}` : ''}`);
  lines.push(`  Files: ${result.filesReviewed.length} reviewed, ${result.filesSkipped.length} skipped`);
  const notes = result.findingNotes ?? [];
  if (notes.length > 0)
    lines.push(`  Model findings dropped or adjusted: ${notes.length} (reasons in review.json, findingNotes)`);
  lines.push(...costSummaryLines(result));
  return `${lines.join('\n')}\n`;
}
