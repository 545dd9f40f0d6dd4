import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReports } from '../reports/write-reports';
import { sampleFinding, sampleReviewResult } from '../reports/testing/sample-review-result';
import { writeRunMarker, RUN_MARKER_DIR } from '../review/run-marker';
import type { ReviewResult } from '../findings/types';
import type { CliIo } from './io';
import { summaryCommand } from './summary-command';

let root: string;
let out: { stdout: string; stderr: string };
const reportsDir = () => join(root, 'dist/codex-review');

function io(env: Record<string, string | undefined> = {}): CliIo {
  return { stdout: (text) => (out.stdout += text), stderr: (text) => (out.stderr += text), env, cwd: root };
}

/** A project's reports as the executor leaves them; `ran` writes the run marker the executor writes when it really runs. */
function project(result: ReviewResult, ran: 'reviewed' | 'reused' | false): void {
  const dir = join(reportsDir(), result.project);
  writeReports(result, dir);
  if (ran) writeRunMarker(dir, result, ran === 'reused', { NX_TASK_HASH: `hash-${result.project}` });
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'nx-codex-summary-'));
  writeFileSync(join(root, 'nx.json'), '{}');
  out = { stdout: '', stderr: '' };
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('nx-codex summary', () => {
  it('writes one comment and one SARIF for all projects: findings by priority across projects, sources, tokens this run', () => {
    project(
      sampleReviewResult({
        project: 'web',
        verdict: 'no-blocking-findings',
        findings: [sampleFinding({ priority: 2, title: 'Web nit' })],
      }),
      'reviewed',
    );
    project(
      sampleReviewResult({
        project: 'api',
        createdAt: '2026-11-20T00:00:00.000Z',
        findings: [sampleFinding({ priority: 0, title: 'API hole', file: 'apps/api/main.ts' })],
        usage: { inputTokens: 500, cachedInputTokens: 0, outputTokens: 50, reasoningOutputTokens: 0 },
      }),
      false,
    );
    project(
      sampleReviewResult({ project: 'docs', findings: [], filesReviewed: [], verdict: 'nothing-reviewed' }),
      'reused',
    );
    const stepSummary = join(root, 'step-summary.md');

    expect(summaryCommand(['--step-summary'], io({ GITHUB_STEP_SUMMARY: stepSummary }))).toBe(0);
    const markdown = readFileSync(join(root, 'dist/codex-review-summary/summary.md'), 'utf8');
    expect(markdown.split('\n').slice(0, 3)).toEqual([
      '## ❌ Codex review of 3 projects: changes needed',
      '',
      '**Findings:** 2 (P0 1, P1 0, P2 1, P3 0) · **Projects:** 1 reviewed now, 1 from the Nx cache, 1 reused · **Tokens this run:** 14,690',
    ]);
    expect(markdown).toContain(
      '| `api` | ❌ changes needed | 1 | 0 | 0 | 0 | 2 | 550 | Nx cache (no model call) |\n| `web` | ✅ no blocking findings | 0 | 0 | 1 | 0 | 2 | 14,690 | reviewed now |\n| `docs` | ⚪ nothing reviewed |',
    );
    expect(markdown.indexOf('**API hole** · `api`')).toBeLessThan(markdown.indexOf('**Web nit** · `web`'));
    expect(readFileSync(stepSummary, 'utf8')).toBe(`${markdown}\n`);

    const sarif = JSON.parse(readFileSync(join(root, 'dist/codex-review-summary/summary.sarif'), 'utf8'));
    expect(sarif.runs.map((run: { automationDetails: { id: string } }) => run.automationDetails.id)).toEqual([
      'nx-codex/api/',
      'nx-codex/docs/',
      'nx-codex/web/',
    ]);
    expect(out.stdout).toContain(
      '  api: changes needed (P0 1, P1 0, P2 0, P3 0) [Nx cache]\n  docs: nothing reviewed (P0 0, P1 0, P2 0, P3 0) [reused]\n  web: no blocking findings (P0 0, P1 0, P2 1, P3 0) [reviewed now]',
    );
    // The markers are consumed: the same reports, summarised again without a run, all come from the cache.
    expect(existsSync(join(reportsDir(), RUN_MARKER_DIR))).toBe(false);
  });

  it('tells a report restored from the Nx cache from one this run wrote, even when an older marker is left', () => {
    const old = sampleReviewResult({ project: 'web', createdAt: '2026-11-01T00:00:00.000Z' });
    project(old, 'reviewed');
    // Nx restores an older review.json of other inputs; the marker still names the one the executor wrote.
    writeReports(
      sampleReviewResult({ project: 'web', createdAt: '2026-10-01T00:00:00.000Z', inputsDigest: 'other' }),
      join(reportsDir(), 'web'),
    );
    expect(summaryCommand(['--keep-markers'], io())).toBe(0);
    expect(out.stdout).toContain('  web: changes needed (P0 1, P1 0, P2 1, P3 1) [Nx cache]');
    expect(existsSync(join(reportsDir(), RUN_MARKER_DIR))).toBe(true);
  });

  it('names the selected projects without a report, and fails clearly when there is no report at all', () => {
    project(sampleReviewResult({ project: 'web' }), 'reviewed');
    expect(summaryCommand(['--projects', 'web,gone'], io())).toBe(0);
    expect(readFileSync(join(root, 'dist/codex-review-summary/summary.md'), 'utf8')).toContain(
      '| `gone` | no report | | | | | | | the review failed or did not run |',
    );
    out = { stdout: '', stderr: '' };
    mkdirSync(join(root, 'empty'));
    expect(summaryCommand(['--reports-dir', 'empty'], io())).toBe(1);
    expect(out.stderr).toMatch(
      /^nx-codex summary: no review\.json under .*empty\. Run `nx affected -t codex-review` first, or pass --reports-dir\.\n$/,
    );
  });

  it('stays under the comment limit over many projects with many long findings', () => {
    for (let p = 0; p < 12; p++) {
      const findings = Array.from({ length: 30 }, (_, i) =>
        sampleFinding({
          priority: (i % 4) as 0 | 1 | 2 | 3,
          startLine: i + 1,
          endLine: i + 1,
          title: `F${p}-${i}`,
          body: 'z'.repeat(3000),
        }),
      );
      project(sampleReviewResult({ project: `p${p}`, findings }), 'reviewed');
    }
    expect(summaryCommand([], io())).toBe(0);
    const markdown = readFileSync(join(root, 'dist/codex-review-summary/summary.md'), 'utf8');
    expect(markdown.length).toBeLessThanOrEqual(65_536);
    expect(markdown).toMatch(
      /> \d+ findings \(P0 \d+, P1 \d+, P2 \d+, P3 \d+\) not shown: GitHub comments hold at most 65,536 characters/,
    );
  });

  it('gives SARIF paths relative to the git repository when the workspace is a folder of it', () => {
    const repo = root;
    root = join(repo, 'tools/ws');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'nx.json'), '{}');
    expect(spawnSync('git', ['init', '-q'], { cwd: repo }).status).toBe(0);
    project(sampleReviewResult({ project: 'web' }), 'reviewed');
    expect(summaryCommand([], io())).toBe(0);
    const sarif = JSON.parse(readFileSync(join(root, 'dist/codex-review-summary/summary.sarif'), 'utf8'));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(
      'tools/ws/apps/web/src/main.ts',
    );
    root = repo;
  });
});
