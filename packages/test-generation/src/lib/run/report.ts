import { writeFileAtomic } from '@nx-codex/core';
import type { CoverageComparison } from '../tests/coverage';
import type { MutationSummary } from '../mutation/mutation-filter';
import type { TestCounts } from '../tests/jest-results';
import type { RejectReason } from '../workspace/confinement';
import type { TestRunnerKind } from '../tests/test-command';

export const REPORT_VERSION = 1;

export interface TokenUsage {
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  reasoningOutputTokens: number;
}

export interface GeneratedFileReport {
  /** Workspace-relative. */
  path: string;
  /** Whether Codex created the file or changed an existing one. */
  change: 'added' | 'modified';
  /** conflict: it earned its place, but the user changed the same file during the run (not copied). */
  status: 'kept' | 'discarded' | 'conflict';
  /** It failed at least once and passed after a repair round. */
  repaired: boolean;
  /** Rounds in which Codex changed it (1 is the first write). */
  rounds: number[];
  /** Passing tests in it (Jest only). */
  tests?: number;
  /** Lines and branch paths it covers that the existing tests do not (Jest: measured on it alone). */
  coverageGain?: { lines: number; branches: number };
  /** mutation: true: mutants it kills that no existing test kills. */
  killedMutants?: number;
  /** Why it was discarded. */
  reason?:
    | 'failed'
    | 'not-run'
    | 'run-failed'
    | 'breaks-existing'
    | 'flaky'
    | 'no-new-coverage'
    | 'no-killed-mutant'
    | 'no-kept-test';
  /** The last failure output, trimmed. */
  message?: string;
  /** Discarded or conflict: where its last content was saved (workspace-relative). */
  savedAs?: string;
}

export interface RejectedChangeReport {
  path: string;
  kind: 'added' | 'modified' | 'deleted';
  reason: RejectReason;
  detail: string;
  /** Put back as it was (false only for git-ignored files that existed before: nothing to restore from). */
  restored: boolean;
  round: number;
  /** Where Codex's version was saved before it was put back (workspace-relative; none for a deletion). */
  savedAs?: string;
}

export interface RoundReport {
  round: number;
  kind: 'write' | 'repair';
  /** Files Codex changed in this round that were kept for validation. */
  changed: string[];
  passed: string[];
  failed: string[];
  durationMs: number;
}

export interface GenerateReport {
  version: typeof REPORT_VERSION;
  project: string;
  projectRoot: string;
  status: 'completed' | 'failed' | 'cancelled';
  dryRun: boolean;
  /** One sentence: what happened. */
  message: string;
  startedAt: string;
  durationMs: number;
  summary: {
    written: number;
    kept: number;
    repaired: number;
    discarded: number;
    conflicts: number;
    rejected: number;
    testsKept: number;
  };
  testCommand: { command: string; runner: TestRunnerKind; detectedFrom: string };
  baseline?: { success: boolean; tests?: TestCounts; durationMs: number };
  /** Test files left after each filter (kept counts conflicts too: they earned their place). */
  funnel?: {
    generated: number;
    ran: number;
    passed: number;
    addedCoverage: number;
    killedMutants?: number;
    kept: number;
  };
  /** Jest only: before and after, over the files either run loaded. */
  coverage?: CoverageComparison;
  /** mutation: true: the StrykerJS step, with the mutation score before (existing tests) and after (plus the kept files). */
  mutation?: MutationSummary;
  files: GeneratedFileReport[];
  rejected: RejectedChangeReport[];
  rounds: RoundReport[];
  usage: TokenUsage;
  codex: { version?: string; threadId?: string; model?: string; promptVersion: string };
  /** Codex's final message of each round (what it wrote, suspected bugs in the code). */
  notes: Array<{ round: number; text: string }>;
  /** dryRun: the would-be patch, workspace-relative. */
  patch?: string;
  /** This run's folder of copies (rejected edits, discarded tests, conflicts, Codex's work on failure), workspace-relative; never removed by a later run. */
  savedCopies?: string;
  error?: { message: string };
}

export function summarize(files: GeneratedFileReport[], rejected: RejectedChangeReport[]): GenerateReport['summary'] {
  const kept = files.filter((f) => f.status === 'kept');
  return {
    written: files.length,
    kept: kept.length,
    repaired: kept.filter((f) => f.repaired).length,
    discarded: files.filter((f) => f.status === 'discarded').length,
    conflicts: files.filter((f) => f.status === 'conflict').length,
    rejected: rejected.length,
    testsKept: kept.reduce((sum, f) => sum + (f.tests ?? 0), 0),
  };
}

/** Written to a temporary name, then renamed: a reader never sees half a report. */
export function writeReportAtomically(file: string, report: GenerateReport): void {
  writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`, { mkdir: true });
}

/** The terminal summary: a few lines a person reads after the run. */
export function renderSummary(report: GenerateReport): string {
  const lines: string[] = [];
  const s = report.summary;
  lines.push(`codex-generate-tests ${report.project}: ${report.message}`);
  if (report.error) lines.push(...report.error.message.split('\n').map((line) => `  ${line}`));
  if (report.status !== 'cancelled' && (s.written > 0 || s.rejected > 0)) {
    lines.push(
      `  files written ${s.written}, kept ${s.kept} (${s.repaired} after repair), discarded ${s.discarded}, conflicts ${s.conflicts}; tests kept ${s.testsKept}; changes rejected ${s.rejected}`,
    );
  }
  if (report.funnel && report.funnel.generated > 0) {
    const f = report.funnel;
    lines.push(
      `  funnel: generated ${f.generated} -> ran ${f.ran} -> passed ${f.passed} -> added coverage ${f.addedCoverage}${f.killedMutants !== undefined ? ` -> killed mutants ${f.killedMutants}` : ''} -> kept ${f.kept}`,
    );
  }
  for (const file of report.files) {
    const what =
      file.status === 'kept'
        ? `kept${file.repaired ? ' (repaired)' : ''}${file.tests !== undefined ? `, ${file.tests} tests` : ''}${file.coverageGain ? `, +${file.coverageGain.lines} lines +${file.coverageGain.branches} branches` : ''}${file.killedMutants ? `, kills ${file.killedMutants} mutants` : ''}`
        : file.status === 'conflict'
          ? `not copied: you changed it during the run; generated version in ${file.savedAs}`
          : `discarded: ${file.reason}`;
    lines.push(`  ${file.status === 'kept' ? '+' : file.status === 'conflict' ? '!' : '-'} ${file.path}  ${what}`);
  }
  for (const change of report.rejected)
    lines.push(
      `  ! ${change.path}  rejected (${change.kind}): ${change.detail}${change.restored ? ', restored' : ', NOT restored'}`,
    );
  if (report.coverage) {
    const c = report.coverage;
    const fmt = (m: CoverageComparison['lines']): string =>
      `${m.beforePct}% -> ${m.afterPct}% (${m.deltaPct >= 0 ? '+' : ''}${m.deltaPct})`;
    lines.push(
      `  coverage: lines ${fmt(c.lines)}, statements ${fmt(c.statements)}, functions ${fmt(c.functions)}, branches ${fmt(c.branches)}`,
    );
  }
  if (report.mutation) lines.push(`  ${describeMutation(report.mutation)}`);
  for (const note of report.notes) lines.push(`  codex, round ${note.round}: ${oneLine(note.text, 400)}`);
  const u = report.usage;
  if (u.inputTokens > 0 || u.outputTokens > 0)
    lines.push(`  tokens: ${u.inputTokens} in (${u.cachedInputTokens} cached), ${u.outputTokens} out`);
  if (report.savedCopies) lines.push(`  copies of what was not handed back: ${report.savedCopies}`);
  if (report.patch)
    lines.push(`  patch: ${report.patch} (the workspace is unchanged; apply with \`git apply ${report.patch}\`)`);
  return lines.join('\n');
}

function describeMutation(m: MutationSummary): string {
  if (m.status === 'measured')
    return `mutation score: ${m.before.pct}% -> ${m.after.pct}% (${m.before.killed} -> ${m.after.killed} of ${m.after.total} mutants killed)`;
  if (m.status === 'failed')
    return `mutation testing failed (the coverage rule alone decided): ${oneLine(m.error, 400)}`;
  return `mutation testing skipped: ${m.reason}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
