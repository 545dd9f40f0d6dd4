/**
 * A Jest reporter, loaded by path (`--reporters=<this file>`): Jest measures coverage per test
 * file (each runs in its own module registry) and merges it afterwards; this keeps each test
 * file's own map, maps it back to the source lines (as Jest's coverage reporter does, through
 * each file's inputSourceMap) and writes them all to `$CODEX_GENERATE_TESTS_COVERAGE_FILE`. One
 * run then tells what every test file covers, instead of one Jest run per file. The istanbul
 * libraries are Jest's own dependencies; without them nothing is written (and each file then runs
 * alone).
 */
import { writeFileSync } from 'node:fs';

export const PER_FILE_COVERAGE_ENV = 'CODEX_GENERATE_TESTS_COVERAGE_FILE';

interface CoverageMapLike {
  toJSON(): unknown;
}

class PerFileCoverageReporter {
  private readonly byTestFile = new Map<string, unknown>();

  onTestResult(_test: unknown, result: { testFilePath: string; coverage?: unknown }): void {
    if (result.coverage) this.byTestFile.set(result.testFilePath, result.coverage);
  }

  async onRunComplete(): Promise<void> {
    const file = process.env[PER_FILE_COVERAGE_ENV];
    if (!file) return;
    let libs: {
      coverage: { createCoverageMap(data: unknown): CoverageMapLike };
      sourceMaps: { createSourceMapStore(): { transformCoverage(map: CoverageMapLike): Promise<CoverageMapLike> } };
    };
    try {
      /* eslint-disable @typescript-eslint/no-require-imports */
      libs = { coverage: require('istanbul-lib-coverage'), sourceMaps: require('istanbul-lib-source-maps') };
    } catch {
      return;
    }
    const out: Record<string, unknown> = {};
    for (const [testFile, coverage] of this.byTestFile) {
      const mapped = await libs.sourceMaps.createSourceMapStore().transformCoverage(libs.coverage.createCoverageMap(coverage));
      out[testFile] = mapped.toJSON();
    }
    writeFileSync(file, JSON.stringify(out));
  }
}

// Jest loads a reporter module's default export.
export default PerFileCoverageReporter;
