import { PRIORITY_LABELS, type Finding, type Priority, type ReviewResult } from '../findings/types';
import { markdownBlock, markdownInline, stripControls } from '../sanitise';
import { reportPath, type ReportOptions } from './report-options';
import { TOOL_INFORMATION_URI, TOOL_NAME } from './tool-info';

const SEVERITIES: Record<Priority, 'ERROR' | 'WARNING' | 'INFO'> = { 0: 'ERROR', 1: 'ERROR', 2: 'WARNING', 3: 'INFO' };

/**
 * review.rdjson: reviewdog's Diagnostic Format (`reviewdog -f=rdjson`), one diagnostic per finding.
 * reviewdog posts a message as a Markdown review comment, so it gets the Markdown sanitiser.
 */
export function renderRdjson(result: ReviewResult, options: ReportOptions = {}): string {
  const document = {
    source: { name: TOOL_NAME, url: TOOL_INFORMATION_URI },
    diagnostics: result.findings.map((finding) => diagnostic(finding, options)),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

function diagnostic(finding: Finding, options: ReportOptions) {
  return {
    message: finding.body
      ? `${markdownInline(finding.title)}\n\n${markdownBlock(finding.body)}`
      : markdownInline(finding.title),
    location: {
      path: stripControls(reportPath(finding.file, options)),
      range: { start: { line: finding.startLine }, end: { line: finding.endLine } },
    },
    severity: SEVERITIES[finding.priority],
    code: { value: PRIORITY_LABELS[finding.priority] },
  };
}
