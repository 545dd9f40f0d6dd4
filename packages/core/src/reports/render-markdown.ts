import { PRIORITY_LABELS, type Finding, type ReviewResult } from '../findings/types';
import { countByPriority, formatConfidence, locationLabel, plural, priorityCounts, scopeText, usageText, verdictText } from './format';

const PRIORITY_NAMES = ['must fix', 'should fix', 'consider', 'nit'] as const;

/** review.md: fit for a pull-request comment (GitHub-flavoured Markdown; the only HTML is <details> and <sub>, which GitHub renders). */
export function renderMarkdown(result: ReviewResult): string {
  const lines: string[] = [];
  const icon = result.verdict === 'correct' ? '✅' : '❌';
  lines.push(`## ${icon} Codex review of \`${result.project}\`: ${verdictText(result)}`, '');
  lines.push(
    `**Verdict:** ${verdictText(result)} (confidence ${formatConfidence(result.confidence)}) · ` +
      `**Findings:** ${result.findings.length} (${priorityCounts(result.findings)}) · ` +
      `**Files:** ${result.filesReviewed.length} reviewed, ${result.filesSkipped.length} skipped · ` +
      `**Scope:** ${escapeInline(scopeText(result))}`,
    '',
  );
  if (result.explanation) lines.push(...quote(result.explanation), '');

  const counts = countByPriority(result.findings);
  for (const priority of [0, 1, 2, 3] as const) {
    if (counts[priority] === 0) continue;
    lines.push(`### ${PRIORITY_LABELS[priority]} · ${PRIORITY_NAMES[priority]} (${counts[priority]})`, '');
    for (const finding of result.findings.filter((f) => f.priority === priority)) lines.push(...renderFinding(finding), '');
  }
  if (result.findings.length === 0) lines.push('No findings.', '');

  if (result.filesSkipped.length > 0) {
    lines.push(`<details><summary>${plural(result.filesSkipped.length, 'skipped file')}</summary>`, '');
    lines.push('| File | Reason |', '| --- | --- |');
    for (const skipped of result.filesSkipped) {
      const reason = skipped.detail ? `${skipped.reason}: ${skipped.detail}` : skipped.reason;
      lines.push(`| ${code(skipped.file, true)} | ${escapeInline(reason)} |`);
    }
    lines.push('', '</details>', '');
  }

  lines.push(
    `<sub>${escapeInline(result.model)} via codex ${escapeInline(result.codexVersion)} (${result.transport}) · ` +
      `${plural(result.chunks, 'chunk')} · tokens: ${usageText(result.usage)} · ${(result.timings.totalMs / 1000).toFixed(1)} s</sub>`,
  );
  return `${lines.join('\n')}\n`;
}

function renderFinding(finding: Finding): string[] {
  const head = `- **${escapeInline(finding.title)}** · ${code(locationLabel(finding))} · confidence ${formatConfidence(finding.confidence)}`;
  const body = finding.body.split('\n').map((line) => (line === '' ? '' : `  ${line}`));
  return finding.body ? [head, '', ...body] : [head];
}

function quote(text: string): string[] {
  return text.split('\n').map((line) => (line === '' ? '>' : `> ${line}`));
}

/** Inline code that survives backticks in the text (and pipes, inside a table). */
function code(text: string, inTable = false): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inTable ? text.replace(/\|/g, '\\|') : text}${pad}${fence}`;
}

function escapeInline(text: string): string {
  return text.replace(/([\\`*_[\]<>|#])/g, '\\$1').replace(/\n/g, ' ');
}
