/**
 * Test helpers for the run specs (not part of the package): a Codex client that writes files as
 * Codex would, and a test runner that judges real files by directives in their text. Both stand
 * at the process boundary; everything between them (checkout, confinement, judging, copy-back) is real.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { CodexBinary, CodexCallOptions, CodexClient, CodexResult } from '@nx-codex/core';
import type { FileCoverage } from '../../tests/coverage';
import type { FileOutcome } from '../../tests/jest-results';
import type { TestRun } from '../../tests/test-run';
import type { RepoLayout } from '../../workspace/repo-layout';

const BINARY: CodexBinary = {
  path: '/opt/codex',
  version: '0.169.0',
  source: 'option',
  abilities: { outputSchema: true, execResume: true },
};

/** One Codex turn: files to write (null: delete), relative to the call's cwd (the project folder). */
export type Turn = Record<string, string | null> | ((cwd: string) => Record<string, string | null>);

export interface ScriptedCodex extends CodexClient {
  /** Every call, in order (prompt, resumed thread). */
  calls: CodexCallOptions[];
  closed: number;
}

/** A client whose n-th call performs `turns[n]` (the last one repeats), reporting each write as a file_change event. */
export function scriptedCodex(turns: Turn[]): ScriptedCodex {
  const client: ScriptedCodex = {
    transport: 'exec',
    binary: BINARY,
    calls: [],
    closed: 0,
    async run<T>(options: CodexCallOptions): Promise<CodexResult<T>> {
      client.calls.push(options);
      const turn = turns[Math.min(client.calls.length, turns.length) - 1];
      const writes = typeof turn === 'function' ? turn(options.cwd ?? '.') : turn;
      if (client.calls.length === 1) options.onEvent?.({ type: 'thread.started', threadId: 'thread-1' });
      const changes = Object.entries(writes).map(([file, content]) => {
        const full = path.resolve(options.cwd ?? '.', file);
        if (content === null) rmSync(full, { force: true });
        else {
          mkdirSync(path.dirname(full), { recursive: true });
          writeFileSync(full, content);
        }
        return { path: full, kind: content === null ? 'delete' : 'add' };
      });
      if (changes.length > 0) options.onEvent?.({ type: 'file_change', changes } as never);
      return {
        threadId: 'thread-1',
        text: `turn ${client.calls.length}`,
        usage: { inputTokens: 100, cachedInputTokens: 0, outputTokens: 10, reasoningOutputTokens: 0 },
        attempts: 1,
        durationMs: 1,
        transport: 'exec',
        codexVersion: BINARY.version,
      };
    },
    async close() {
      client.closed += 1;
    },
  };
  return client;
}

/**
 * A generated or existing test file, as the fake runner reads it: `result` pass, fail, or
 * pass-once (passes the first time it runs, then fails: flaky); `covers` the lines of `source`
 * it runs; `breaks` an existing test file it makes fail.
 */
export function testFile(directives: { result?: 'pass' | 'fail' | 'pass-once'; covers?: number[]; breaks?: string }) {
  return [
    `// result: ${directives.result ?? 'pass'}`,
    `// covers: ${(directives.covers ?? []).join(' ')}`,
    ...(directives.breaks ? [`// breaks: ${directives.breaks}`] : []),
    "test('generated', () => undefined);",
    '',
  ].join('\n');
}

/**
 * A Jest-like runner over the real files of `layout`'s project: every `*.spec.ts` (or only `only`),
 * judged by its directives, with per-file results and line coverage of `source`.
 */
export function fakeJest(source: string) {
  const runsOf = new Map<string, number>();
  const runs: Array<string[] | undefined> = [];
  const run = (layout: RepoLayout, only?: string[]): TestRun => {
    runs.push(only);
    const all = specFiles(layout.gitRoot, layout.projectDir);
    const selected = only ?? all;
    const texts = new Map(all.map((file) => [file, readFileSync(path.join(layout.gitRoot, file), 'utf8')]));
    const broken = new Set([...texts.values()].map((text) => directive(text, 'breaks')).filter(Boolean));
    const files = new Map<string, FileOutcome>();
    const points = new Set<string>();
    for (const file of selected) {
      const text = texts.get(file) ?? '';
      const count = (runsOf.get(file) ?? 0) + 1;
      runsOf.set(file, count);
      const result = directive(text, 'result');
      const passed = !broken.has(file) && (result === 'pass' || (result === 'pass-once' && count === 1));
      files.set(file, {
        file,
        passed,
        tests: { passed: passed ? 1 : 0, failed: passed ? 0 : 1, total: 1 },
        message: passed ? '' : `expect(received).toBe(expected) in ${file}`,
      });
      for (const line of (directive(text, 'covers') ?? '').split(' ').filter(Boolean)) points.add(`L${line}`);
    }
    const success = [...files.values()].every((outcome) => outcome.passed);
    return {
      success,
      exitCode: success ? 0 : 1,
      command: 'jest',
      durationMs: 1,
      outputTail: success ? 'Tests: all passed' : 'Tests: some failed',
      jest: {
        success,
        tests: { passed: 0, failed: 0, total: files.size },
        files,
      },
      coverage: new Map([[source, coverageOf(points)]]),
    };
  };
  return { run, runs };
}

function coverageOf(points: Set<string>): FileCoverage {
  const metric = { covered: points.size, total: 10 };
  return { lines: metric, statements: metric, functions: { covered: 0, total: 1 }, branches: metric, points };
}

function directive(text: string, name: string): string | undefined {
  return new RegExp(`^// ${name}: ?(.*)$`, 'm').exec(text)?.[1]?.trim();
}

function specFiles(gitRoot: string, dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(path.join(gitRoot, dir), { withFileTypes: true })) {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory() && entry.name !== 'node_modules') found.push(...specFiles(gitRoot, file));
    else if (entry.name.endsWith('.spec.ts')) found.push(file);
  }
  return found.sort();
}
