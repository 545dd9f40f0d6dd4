import type { Finding, PriorityLabel } from './types';

export const FAIL_ON_VALUES: ReadonlyArray<PriorityLabel | 'none'> = ['P0', 'P1', 'P2', 'P3', 'none'];

/**
 * True when the findings trip the gate: at least one finding at the `failOn` priority or above
 * (failOn 'P1' trips on P0 and P1). 'none' never trips.
 */
export function meetsFailOn(findings: readonly Finding[], failOn: PriorityLabel | 'none'): boolean {
  if (failOn === 'none') return false;
  const threshold = ['P0', 'P1', 'P2', 'P3'].indexOf(failOn);
  if (threshold < 0) throw new Error(`Unknown failOn "${String(failOn)}": use one of ${FAIL_ON_VALUES.join(', ')}.`);
  return findings.some((finding) => finding.priority <= threshold);
}
