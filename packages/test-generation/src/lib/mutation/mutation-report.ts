/**
 * Reads StrykerJS's JSON report (mutation-testing-report-schema): which mutants each test file
 * kills that no existing test kills. Stryker runs with `disableBail`, so `killedBy` lists every
 * test that kills a mutant, not just the first.
 */

interface ReportMutant {
  status?: string;
  killedBy?: string[];
}

interface MutationReportJson {
  files?: Record<string, { mutants?: ReportMutant[] }>;
  testFiles?: Record<string, { tests?: Array<{ id?: string }> }>;
}

export interface MutationScore {
  killed: number;
  total: number;
  pct: number;
}

export interface MutationVerdict {
  /** Mutants that count for the score (not compile or runtime errors, not ignored). */
  total: number;
  /** Mutants killed by at least one existing test. */
  killedByExisting: number;
  /** Per generated test file: mutants it kills that no existing test kills. */
  uniqueKills: Map<string, Set<number>>;
}

/** Statuses that are no verdict on the tests: the mutant could not run at all. */
const NOT_COUNTED = new Set(['CompileError', 'RuntimeError', 'Ignored', 'Pending']);

/**
 * `generated`: the generated test files, as the report names them (paths relative to Stryker's
 * working directory); every other test file of the report is an existing test.
 */
export function readMutationReport(json: unknown, generated: readonly string[]): MutationVerdict {
  const report = (json ?? {}) as MutationReportJson;
  if (!report.files || typeof report.files !== 'object')
    throw new Error('The mutation report has no `files`: not a mutation-testing-report-schema report.');
  const generatedSet = new Set(generated);
  const fileOfTest = new Map<string, string>();
  for (const [file, entry] of Object.entries(report.testFiles ?? {})) {
    for (const test of entry.tests ?? []) if (test.id !== undefined) fileOfTest.set(test.id, file);
  }
  const verdict: MutationVerdict = {
    total: 0,
    killedByExisting: 0,
    uniqueKills: new Map(generated.map((file) => [file, new Set<number>()])),
  };
  let index = 0;
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants ?? []) {
      const id = index++;
      if (NOT_COUNTED.has(mutant.status ?? '')) continue;
      verdict.total += 1;
      if (mutant.status !== 'Killed') continue;
      const killers = (mutant.killedBy ?? []).map((test) => fileOfTest.get(test));
      // A test the report does not place in a file cannot be shown to be generated: count it as existing.
      if (killers.some((killer) => killer === undefined || !generatedSet.has(killer))) {
        verdict.killedByExisting += 1;
        continue;
      }
      for (const killer of killers) verdict.uniqueKills.get(killer as string)?.add(id);
    }
  }
  return verdict;
}

/** Score of the existing tests alone, and with the kept generated files. */
export function mutationScores(
  verdict: MutationVerdict,
  kept: readonly string[],
): { before: MutationScore; after: MutationScore } {
  const extra = new Set<number>();
  for (const file of kept) for (const id of verdict.uniqueKills.get(file) ?? []) extra.add(id);
  return {
    before: score(verdict.killedByExisting, verdict.total),
    after: score(verdict.killedByExisting + extra.size, verdict.total),
  };
}

function score(killed: number, total: number): MutationScore {
  return { killed, total, pct: total === 0 ? 100 : Math.round((killed / total) * 10000) / 100 };
}
