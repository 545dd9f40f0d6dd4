import type { CodexUsage } from '../codex/types';
import { PRIORITY_LABELS, type Finding, type ReviewResult } from '../findings/types';

/** `file:line` or `file:start-end`. */
export function locationLabel(finding: Pick<Finding, 'file' | 'startLine' | 'endLine'>): string {
  return finding.endLine > finding.startLine
    ? `${finding.file}:${finding.startLine}-${finding.endLine}`
    : `${finding.file}:${finding.startLine}`;
}

/** Findings per priority, index = priority. */
export function countByPriority(findings: readonly Finding[]): [number, number, number, number] {
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (const finding of findings) counts[finding.priority]++;
  return counts;
}

export function priorityCounts(findings: readonly Finding[]): string {
  return countByPriority(findings)
    .map((count, priority) => `${PRIORITY_LABELS[priority]} ${count}`)
    .join(', ');
}

export { verdictText } from '../findings/verdict';

export function formatCount(value: number): string {
  return Math.round(value)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function formatConfidence(value: number): string {
  return value.toFixed(2);
}

export function usageText(usage: CodexUsage): string {
  return `${formatCount(usage.inputTokens)} in (${formatCount(usage.cachedInputTokens)} cached), ${formatCount(usage.outputTokens)} out (${formatCount(usage.reasoningOutputTokens)} reasoning)`;
}

export function scopeText(result: Pick<ReviewResult, 'scope' | 'base' | 'head'>): string {
  if (result.scope === 'project') return 'whole project';
  return `changes ${result.base ?? '?'}...${result.head ?? 'working tree'}`;
}

/** The verdict's icon: ✅ no blocking findings, ❌ changes needed, ⚪ nothing reviewed. */
export function verdictIcon(result: Pick<ReviewResult, 'verdict'>): string {
  return result.verdict === 'changes-needed' ? '❌' : result.verdict === 'nothing-reviewed' ? '⚪' : '✅';
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}
