/** Coverage from Jest's `--json` output (its istanbul `coverageMap`), summed the way istanbul does. */

export interface Metric {
  covered: number;
  total: number;
}

export interface FileCoverage {
  lines: Metric;
  statements: Metric;
  functions: Metric;
  branches: Metric;
  /** What ran, by name: `L<line>` for a covered line, `B<branch>.<path>` for a taken branch path. */
  points: Set<string>;
}

export const METRICS = ['lines', 'statements', 'functions', 'branches'] as const;
export type MetricName = (typeof METRICS)[number];

export interface MetricComparison {
  /** Covered before / after, out of the same total. */
  before: number;
  after: number;
  total: number;
  beforePct: number;
  afterPct: number;
  /** Percentage points. */
  deltaPct: number;
}

export interface CoverageComparison {
  /** Files measured: every file either run loaded (a file no test loaded before counts as 0 covered). */
  files: number;
  lines: MetricComparison;
  statements: MetricComparison;
  functions: MetricComparison;
  branches: MetricComparison;
}

interface Location {
  start: { line: number };
}

interface IstanbulFile {
  statementMap?: Record<string, Location>;
  s?: Record<string, number>;
  f?: Record<string, number>;
  b?: Record<string, number[]>;
}

/** Per-file coverage, keyed by the name `toKey` gives the absolute path (undefined drops the file). */
export function summarizeCoverageMap(
  map: unknown,
  toKey: (absolutePath: string) => string | undefined,
): Map<string, FileCoverage> {
  const files = new Map<string, FileCoverage>();
  if (!map || typeof map !== 'object') return files;
  for (const [file, raw] of Object.entries(map as Record<string, unknown>)) {
    const key = toKey(file);
    // Jest sometimes wraps each entry as { data: {...} }.
    const data = ((raw as { data?: IstanbulFile })?.data ?? raw) as IstanbulFile;
    if (key !== undefined) files.set(key, summarizeFile(data));
  }
  return files;
}

function summarizeFile(data: IstanbulFile): FileCoverage {
  const statementCounts = Object.values(data.s ?? {});
  const functionCounts = Object.values(data.f ?? {});
  const branchCounts = Object.values(data.b ?? {}).flat();
  // A line is covered when any statement starting on it ran (istanbul's getLineCoverage).
  const lineHits = new Map<number, number>();
  for (const [id, location] of Object.entries(data.statementMap ?? {})) {
    const line = location.start.line;
    lineHits.set(line, Math.max(lineHits.get(line) ?? 0, data.s?.[id] ?? 0));
  }
  // Istanbul numbers statements and branches in source order, so the names are stable across runs of the same source.
  const points = new Set<string>();
  for (const [line, hits] of lineHits) if (hits > 0) points.add(`L${line}`);
  for (const [id, paths] of Object.entries(data.b ?? {}))
    paths.forEach((hits, index) => hits > 0 && points.add(`B${id}.${index}`));
  return {
    lines: count([...lineHits.values()]),
    statements: count(statementCounts),
    functions: count(functionCounts),
    branches: count(branchCounts),
    points,
  };
}

function count(hits: number[]): Metric {
  return { covered: hits.filter((n) => n > 0).length, total: hits.length };
}

/**
 * Compares two runs over the same denominator: a generated test that loads a file no test loaded
 * before must raise coverage, not lower the percentage by adding that file's lines to the total.
 */
export function compareCoverage(
  before: Map<string, FileCoverage>,
  after: Map<string, FileCoverage>,
): CoverageComparison {
  const files = new Set([...before.keys(), ...after.keys()]);
  const result = { files: files.size } as CoverageComparison;
  for (const metric of METRICS) {
    let covBefore = 0;
    let covAfter = 0;
    let total = 0;
    for (const file of files) {
      const b = before.get(file)?.[metric];
      const a = after.get(file)?.[metric];
      total += Math.max(a?.total ?? 0, b?.total ?? 0);
      covBefore += b?.covered ?? 0;
      covAfter += a?.covered ?? 0;
    }
    const beforePct = pct(covBefore, total);
    const afterPct = pct(covAfter, total);
    result[metric] = {
      before: covBefore,
      after: covAfter,
      total,
      beforePct,
      afterPct,
      deltaPct: round(afterPct - beforePct),
    };
  }
  return result;
}

function pct(covered: number, total: number): number {
  return total === 0 ? 100 : round((covered / total) * 100);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export interface CoverageGain {
  /** Lines covered now that no existing test covered. */
  lines: number;
  /** Branch paths taken now that no existing test took. */
  branches: number;
}

/** What `run` covers that `baseline` did not, file by file (a file the baseline never loaded counts from zero). */
export function coverageGain(baseline: Map<string, FileCoverage>, run: Map<string, FileCoverage>): CoverageGain {
  const gain: CoverageGain = { lines: 0, branches: 0 };
  for (const [file, coverage] of run) {
    const before = baseline.get(file)?.points ?? new Set<string>();
    for (const point of coverage.points) {
      if (before.has(point)) continue;
      if (point.startsWith('L')) gain.lines += 1;
      else gain.branches += 1;
    }
  }
  return gain;
}
