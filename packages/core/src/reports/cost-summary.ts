import type { ReviewResult } from '../findings/types';
import { plural, usageText } from './format';

const dollars = (value: number) => `$${value < 0.01 && value > 0 ? value.toFixed(4) : value.toFixed(2)}`;

/** The summary's usage lines: this review's tokens and cost, how many chunks were reused, and the run so far. */
export function costSummaryLines(result: ReviewResult): string[] {
  const reused = (result.chunkResults ?? []).filter((chunk) => chunk.source !== 'sent').length;
  const reuse = reused > 0 ? `, ${reused} reused` : '';
  const cost = result.cost !== undefined ? `, ${dollars(result.cost)}` : '';
  const lines = [
    `  Tokens: ${usageText(result.usage)} over ${plural(result.chunks, 'chunk')}${reuse} (${result.model}${cost})`,
  ];
  if (result.run) {
    const runCost = result.run.cost !== undefined ? `, ${dollars(result.run.cost)}` : '';
    lines.push(`  Run so far: ${result.run.tokens} tokens${runCost} over ${plural(result.run.tasks, 'task')}`);
  }
  return lines;
}
