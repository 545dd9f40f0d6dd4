import { stripControls } from '@nx-codex/core';
/** Per-file results from Jest's `--json --outputFile` report. */

export interface TestCounts {
  passed: number;
  failed: number;
  total: number;
}

export interface FileOutcome {
  /** Repository-relative. */
  file: string;
  passed: boolean;
  tests: TestCounts;
  /** Jest's failure message (compile errors included), empty when it passed. */
  message: string;
}

export interface JestReport {
  success: boolean;
  tests: TestCounts;
  files: Map<string, FileOutcome>;
  coverageMap?: unknown;
}

interface JestAssertion {
  status?: string;
  fullName?: string;
  failureMessages?: string[];
}

interface JestFileResult {
  name?: string;
  status?: string;
  message?: string;
  assertionResults?: JestAssertion[];
}

export function parseJestReport(json: unknown, toRepoPath: (absolutePath: string) => string): JestReport {
  if (!json || typeof json !== 'object' || !Array.isArray((json as { testResults?: unknown }).testResults)) {
    throw new Error(
      'The Jest results file has no testResults array: is the test command really Jest (set testRunner to "other" if not)?',
    );
  }
  const report = json as {
    success?: boolean;
    numPassedTests?: number;
    numFailedTests?: number;
    numTotalTests?: number;
    testResults: JestFileResult[];
    coverageMap?: unknown;
  };
  const files = new Map<string, FileOutcome>();
  for (const result of report.testResults) {
    if (!result.name) continue;
    const assertions = result.assertionResults ?? [];
    const tests = {
      passed: assertions.filter((a) => a.status === 'passed').length,
      failed: assertions.filter((a) => a.status === 'failed').length,
      total: assertions.length,
    };
    const passed = result.status === 'passed' && tests.failed === 0;
    const file = toRepoPath(result.name);
    files.set(file, { file, passed, tests, message: passed ? '' : failureText(result) });
  }
  return {
    success: report.success === true,
    tests: { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0, total: report.numTotalTests ?? 0 },
    files,
    coverageMap: report.coverageMap,
  };
}

function failureText(result: JestFileResult): string {
  const failures = (result.assertionResults ?? [])
    .filter((a) => a.status === 'failed')
    .map((a) => `● ${a.fullName ?? ''}\n${(a.failureMessages ?? []).join('\n')}`);
  // Jest's message already holds the failed assertions, or the compile error of a suite that did not run.
  const text = result.message?.trim() ? result.message : failures.join('\n\n');
  return stripAnsi(text).trim();
}

/** Test output without colour codes or other control sequences (core's rule), line breaks kept. */
export function stripAnsi(text: string): string {
  return stripControls(text, { multiline: true });
}
