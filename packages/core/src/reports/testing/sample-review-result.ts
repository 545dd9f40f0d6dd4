import { fingerprintFinding } from '../../findings/fingerprint';
import type { Finding, Priority, ReviewResult } from '../../findings/types';

/** A finding for tests, with a real fingerprint. */
export function sampleFinding(overrides: Partial<Finding> & { priority: Priority }): Finding {
  const base = {
    title: 'Handle the empty list',
    body: 'An empty list makes `first()` throw.',
    confidence: 0.8,
    file: 'apps/web/src/list.ts',
    startLine: 10,
    endLine: 10,
  };
  const merged = { ...base, ...overrides };
  return {
    ...merged,
    fingerprint:
      overrides.fingerprint ?? fingerprintFinding(merged.file, merged.startLine, merged.endLine, merged.title),
  };
}

/** A complete ReviewResult for report tests. */
export function sampleReviewResult(overrides: Partial<ReviewResult> = {}): ReviewResult {
  return {
    schemaVersion: 1,
    project: 'web',
    projectRoot: 'apps/web',
    scope: 'changes',
    base: 'main',
    head: 'HEAD',
    filesReviewed: ['apps/web/src/list.ts', 'apps/web/src/main.ts'],
    filesSkipped: [{ file: 'apps/web/assets/logo.png', reason: 'binary', detail: 'NUL byte in the first 8 KB' }],
    findings: [
      sampleFinding({
        priority: 0,
        title: 'Do not run user input as SQL',
        body: 'The query concatenates `name`.\nUse a parameter.',
        file: 'apps/web/src/main.ts',
        startLine: 4,
        endLine: 7,
        confidence: 0.95,
      }),
      sampleFinding({ priority: 2 }),
      sampleFinding({
        priority: 3,
        title: 'Rename x, y: unclear',
        body: 'Names like `x` say nothing.',
        startLine: 20,
        endLine: 20,
        confidence: 0.5,
      }),
    ],
    findingNotes: [],
    verdict: 'changes-needed',
    modelVerdict: 'patch is incorrect',
    explanation: 'The SQL injection must be fixed before merging.',
    confidence: 0.9,
    codexVersion: '0.169.0',
    transport: 'exec',
    model: 'gpt-5.5',
    chunks: 1,
    usage: { inputTokens: 12345, cachedInputTokens: 1000, outputTokens: 2345, reasoningOutputTokens: 500 },
    timings: { fileSelectionMs: 12, promptMs: 3, modelMs: 4200, reportsMs: 5, totalMs: 4230 },
    contextFiles: ['.codex/context.md'],
    promptVersion: '1',
    inputsDigest: 'digest-1',
    createdAt: '2026-11-23T12:00:00.000Z',
    ...overrides,
  };
}
