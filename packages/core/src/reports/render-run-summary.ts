import { sumUsage } from '../codex/usage';
import type { Finding, ReviewResult, Verdict } from '../findings/types';
import { LIMITS, markdownInline } from '../sanitise';
import type { RunReport } from '../review/read-run-reports';
import { countByPriority, formatCount, plural, priorityCounts, usageText, verdictIcon, verdictText } from './format';
import { code, findingLines, size } from './render-markdown';

const SOURCE_TEXT = {
  reviewed: 'reviewed now',
  reused: 'reused (inputs unchanged, no model call)',
  'nx-cache': 'Nx cache (no model call)',
} as const;
const MAX_ROWS = 200;

/**
 * One PR comment for a whole Nx run (`nx-codex summary`): a verdict over all projects, a table of
 * the projects (worst first), every finding by priority with its project, and the tokens this run
 * spent. Stays under GitHub's comment limit like review.md.
 */
export function renderRunSummary(reports: readonly RunReport[], options: { maxChars?: number } = {}): string {
  const results = reports.flatMap((report) => (report.result ? [report.result] : []));
  const findings = results.flatMap((result) =>
    result.findings.map((finding) => ({ ...finding, project: result.project })),
  );
  const verdict = overallVerdict(results);
  const spent = sumUsage(
    reports.flatMap((report) => (report.source === 'reviewed' && report.result ? [report.result.usage] : [])),
  );
  const bySource = (source: RunReport['source']) =>
    reports.filter((report) => report.result && report.source === source).length;
  const missing = reports.filter((report) => !report.result).length;

  const head = [
    `## ${verdictIcon({ verdict })} Codex review of ${plural(reports.length, 'project')}: ${verdictText({ verdict })}`,
    '',
    `**Findings:** ${findings.length} (${priorityCounts(findings)}) · **Projects:** ${bySource('reviewed')} reviewed now, ${bySource('nx-cache')} from the Nx cache, ` +
      `${bySource('reused')} reused${missing ? `, ${missing} without a report` : ''} · **Tokens this run:** ${formatCount(spent.inputTokens + spent.outputTokens)}`,
    '',
    ...projectTable(reports),
  ];
  const tail = [
    `<sub>Tokens this run: ${usageText(spent)}, by ${plural(bySource('reviewed'), 'project')} reviewed now. ` +
      "Projects from the Nx cache or reused made no model call. Each project's full report: dist/codex-review/&lt;project&gt;/review.md.</sub>",
  ];
  const budget = (options.maxChars ?? LIMITS.commentChars) - size(head) - size(tail) - 400;
  return `${[...head, ...findingLines(findings, budget, (finding) => finding.project), ...tail].join('\n')}\n`;
}

/** "changes needed" if any project needs changes; "nothing reviewed" if no project reviewed a file. */
export function overallVerdict(results: readonly ReviewResult[]): Verdict {
  if (results.some((result) => result.verdict === 'changes-needed')) return 'changes-needed';
  return results.some((result) => result.verdict === 'no-blocking-findings')
    ? 'no-blocking-findings'
    : 'nothing-reviewed';
}

function projectTable(reports: readonly RunReport[]): string[] {
  const worst = (report: RunReport) =>
    report.result ? Math.min(4, ...report.result.findings.map((finding: Finding) => finding.priority)) : -1;
  const ordered = [...reports].sort(
    (a, b) => worst(a) - worst(b) || (a.project < b.project ? -1 : a.project > b.project ? 1 : 0),
  );
  const lines = [
    '| Project | Verdict | P0 | P1 | P2 | P3 | Files | Tokens | Report from |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const report of ordered.slice(0, MAX_ROWS)) {
    const result = report.result;
    if (!result) {
      lines.push(`| ${code(report.project, true)} | no report | | | | | | | the review failed or did not run |`);
      continue;
    }
    const counts = countByPriority(result.findings).join(' | ');
    const tokens = formatCount(result.usage.inputTokens + result.usage.outputTokens);
    lines.push(
      `| ${code(result.project, true)} | ${verdictIcon(result)} ${verdictText(result)} | ${counts} | ${result.filesReviewed.length} | ${tokens} | ${report.source ? markdownInline(SOURCE_TEXT[report.source]) : ''} |`,
    );
  }
  if (ordered.length > MAX_ROWS) lines.push(`| … | ${ordered.length - MAX_ROWS} more projects | | | | | | | |`);
  return [...lines, ''];
}
