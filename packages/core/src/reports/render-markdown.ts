import { PRIORITY_LABELS, type Finding, type ReviewResult } from '../findings/types';
import { LIMITS, markdownBlock, markdownInline, stripControls } from '../sanitise';
import {
  countByPriority,
  formatConfidence,
  locationLabel,
  plural,
  priorityCounts,
  scopeText,
  usageText,
  verdictIcon,
  verdictText,
} from './format';

const PRIORITY_NAMES = ['must fix', 'should fix', 'consider', 'nit'] as const;

export interface MarkdownOptions {
  /** Most characters the document may have (default: GitHub's comment limit). */
  maxChars?: number;
}

/**
 * review.md: fit for a pull-request comment (GitHub-flavoured Markdown; the only HTML is ours,
 * <details> and <sub>). Everything the model wrote goes through core's Markdown sanitiser. When
 * the findings do not fit in `maxChars`, the last ones (lowest priority) are left out and a note
 * says how many and where they are.
 */
export function renderMarkdown(result: ReviewResult, options: MarkdownOptions = {}): string {
  const head = headLines(result);
  const tail = tailLines(result);
  const budget = (options.maxChars ?? LIMITS.commentChars) - size(head) - size(tail) - 400;
  const body = findingLines(result.findings, budget);
  return `${[...head, ...body, ...tail].join('\n')}\n`;
}

function headLines(result: ReviewResult): string[] {
  const verdict = verdictText(result);
  const confidence =
    result.verdict === 'nothing-reviewed' ? '' : ` (model confidence ${formatConfidence(result.confidence)})`;
  const lines = [
    `## ${verdictIcon(result)} Codex review of ${code(result.project)}: ${verdict}`,
    '',
    `**Verdict:** ${verdict}${confidence} · ` +
      `**Findings:** ${result.findings.length} (${priorityCounts(result.findings)}) · ` +
      `**Files:** ${result.filesReviewed.length} reviewed, ${result.filesSkipped.length} skipped · ` +
      `**Scope:** ${markdownInline(scopeText(result))}`,
    '',
  ];
  if (result.explanation)
    lines.push(
      "<details><summary>The model's explanation</summary>",
      '',
      markdownBlock(result.explanation),
      '',
      '</details>',
      '',
    );
  return lines;
}

/**
 * The findings by priority (P0 first), each with its project when `projectOf` names one, within
 * `budget` characters: those that do not fit are counted in a note instead.
 */
export function findingLines<T extends Finding>(
  findings: T[],
  budget: number,
  projectOf?: (finding: T) => string,
): string[] {
  const lines: string[] = [];
  const counts = countByPriority(findings);
  const sorted = [...findings].sort((a, b) => a.priority - b.priority);
  let used = 0;
  let shown = 0;
  for (const finding of sorted) {
    const newGroup = shown === 0 || sorted[shown - 1].priority !== finding.priority;
    const heading = newGroup
      ? [
          `### ${PRIORITY_LABELS[finding.priority]} · ${PRIORITY_NAMES[finding.priority]} (${counts[finding.priority]})`,
          '',
        ]
      : [];
    const rendered = [...heading, ...renderFinding(finding, projectOf?.(finding)), ''];
    if (used + size(rendered) > budget) break;
    lines.push(...rendered);
    used += size(rendered);
    shown++;
  }
  if (findings.length === 0) lines.push('No findings.', '');
  const cut = sorted.slice(shown);
  if (cut.length > 0) {
    lines.push(
      `> [!NOTE]`,
      `> ${plural(cut.length, 'finding')} (${priorityCounts(cut)}) not shown: GitHub comments hold at most ${LIMITS.commentChars.toLocaleString('en-US')} characters. ` +
        'All findings are in review.json and review.sarif.',
      '',
    );
  }
  return lines;
}

function tailLines(result: ReviewResult): string[] {
  const lines: string[] = [];
  if (result.filesSkipped.length > 0) {
    lines.push(`<details><summary>${plural(result.filesSkipped.length, 'skipped file')}</summary>`, '');
    lines.push('| File | Reason |', '| --- | --- |');
    for (const skipped of result.filesSkipped.slice(0, 200)) {
      const reason = skipped.detail ? `${skipped.reason}: ${skipped.detail}` : skipped.reason;
      lines.push(`| ${code(skipped.file, true)} | ${markdownInline(reason)} |`);
    }
    if (result.filesSkipped.length > 200) lines.push(`| … | ${result.filesSkipped.length - 200} more in review.json |`);
    lines.push('', '</details>', '');
  }
  const notes = result.findingNotes ?? [];
  if (notes.length > 0) {
    lines.push(`<details><summary>${plural(notes.length, 'finding')} of the model dropped or adjusted</summary>`, '');
    for (const note of notes.slice(0, 50))
      lines.push(`- ${note.action} (${note.reason}): ${markdownInline(note.finding)}: ${markdownInline(note.detail)}`);
    if (notes.length > 50) lines.push(`- … ${notes.length - 50} more in review.json`);
    lines.push('', '</details>', '');
  }
  lines.push(
    `<sub>${markdownInline(result.model)} via codex ${markdownInline(result.codexVersion)} (${result.transport}) · ` +
      `${plural(result.chunks, 'chunk')} · tokens: ${usageText(result.usage)} · ${(result.timings.totalMs / 1000).toFixed(1)} s</sub>`,
  );
  return lines;
}

function renderFinding(finding: Finding, project?: string): string[] {
  const where =
    project === undefined ? code(locationLabel(finding)) : `${code(project)} · ${code(locationLabel(finding))}`;
  const outside = finding.outsideChange ? ' · outside the changed lines' : '';
  const head = `- **${markdownInline(finding.title)}** · ${where} · confidence ${formatConfidence(finding.confidence)}${outside}`;
  if (!finding.body) return [head];
  const body = markdownBlock(finding.body)
    .split('\n')
    .map((line) => (line === '' ? '' : `  ${line}`));
  return [head, '', ...body];
}

/** Inline code that survives backticks in the text (and pipes, inside a table). */
export function code(text: string, inTable = false): string {
  const clean = stripControls(text);
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = clean.startsWith('`') || clean.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${inTable ? clean.replace(/\|/g, '\\|') : clean}${pad}${fence}`;
}

export function size(lines: string[]): number {
  return lines.reduce((sum, line) => sum + line.length + 1, 0);
}
