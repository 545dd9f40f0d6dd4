import { PRIORITY_LABELS, type ReviewResult } from '../findings/types';
import { formatConfidence, locationLabel, plural, priorityCounts, usageText, verdictText } from './format';

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

  const verdict = paint(result.verdict === 'correct' ? '\x1b[32m' : '\x1b[1;31m', verdictText(result));
  const lines = [
    `Codex review of ${result.project}: ${verdict} (confidence ${formatConfidence(result.confidence)})`,
    `  Findings: ${result.findings.length} (${priorityCounts(result.findings)})`,
  ];
  for (const finding of result.findings.slice(0, top)) {
    const label = paint(PRIORITY_COLORS[finding.priority], PRIORITY_LABELS[finding.priority]);
    lines.push(`    ${label}  ${locationLabel(finding)}  ${finding.title}`);
  }
  const hidden = result.findings.length - Math.min(top, result.findings.length);
  if (hidden > 0) lines.push(`    … and ${hidden} more${options.reportPath ? ` in ${options.reportPath}` : ''}`);
  lines.push(`  Files: ${result.filesReviewed.length} reviewed, ${result.filesSkipped.length} skipped`);
  lines.push(`  Tokens: ${usageText(result.usage)} over ${plural(result.chunks, 'chunk')} (${result.model})`);
  return `${lines.join('\n')}\n`;
}
