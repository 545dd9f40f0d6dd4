import { minimatch } from 'minimatch';
import { isInside } from './repo-layout';
import type { Change } from './workspace-snapshot';

export const DEFAULT_ALLOWED_WRITES = ['**/*.spec.ts', '**/*.test.ts', '**/__snapshots__/**'];

export interface ConfinementRules {
  /** Repository-relative project folder. */
  projectDir: string;
  /** Globs relative to the project root. */
  allowedWrites: string[];
}

export type RejectReason = 'outside-project' | 'not-allowed' | 'deleted-existing' | 'git-ignored';

export interface Rejection {
  path: string;
  kind: Change['kind'];
  reason: RejectReason;
  detail: string;
}

export interface ConfinementDecision {
  allowed: Change[];
  rejected: Rejection[];
}

/**
 * Which of Codex's changes may stay. Allowed: files inside the project that match an allowed
 * write glob, added or changed. A deleted existing file is never allowed: generating tests
 * must not cost the user a test they had.
 */
export function decideConfinement(changes: Change[], rules: ConfinementRules): ConfinementDecision {
  const allowed: Change[] = [];
  const rejected: Rejection[] = [];
  for (const change of changes) {
    const reason = rejectReason(change, rules);
    if (reason) rejected.push({ path: change.path, kind: change.kind, ...reason });
    else allowed.push(change);
  }
  return { allowed, rejected };
}

function rejectReason(change: Change, rules: ConfinementRules): Pick<Rejection, 'reason' | 'detail'> | undefined {
  if (!isInside(change.path, rules.projectDir) || change.path === rules.projectDir) {
    return { reason: 'outside-project', detail: `outside the project folder ${rules.projectDir || '.'}` };
  }
  if (!isAllowedWrite(change.path, rules)) {
    return { reason: 'not-allowed', detail: `not a test file (allowed writes: ${rules.allowedWrites.join(', ')})` };
  }
  if (change.kind === 'deleted') return { reason: 'deleted-existing', detail: 'deleted an existing file' };
  return undefined;
}

export function isAllowedWrite(file: string, rules: ConfinementRules): boolean {
  if (!isInside(file, rules.projectDir)) return false;
  const inProject = rules.projectDir === '' ? file : file.slice(rules.projectDir.length + 1);
  return rules.allowedWrites.some((glob) => minimatch(inProject, glob, { dot: true }));
}
