/**
 * Shared by the fault suites: review answers for tools/local-model, report checks, model request counts.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunResult, Scenario, TempWorkspace } from '@nx-codex/testing';

import * as testing from '@nx-codex/testing';
export { testing };
export type LocalModel = Awaited<ReturnType<typeof testing.startLocalModel>>;
export type { Scenario, ScenarioStep } from '@nx-codex/testing';

export const CLEAN_ANSWER = {
  findings: [],
  overall_correctness: 'patch is correct',
  overall_explanation: 'Fine.',
  overall_confidence_score: 0.9,
};

/** A scenario that answers every call with this review (or the schema's minimal instance). */
export const answers = (value: unknown = CLEAN_ANSWER): Scenario => ({
  name: 'answer',
  steps: [{ kind: 'schema-json', value }],
  repeat: 'last',
});

/** What writeReports writes (packages/core/src/reports/write-reports.ts). */
export const REPORT_NAMES = ['review.json', 'review.md', 'review.sarif', 'review.rdjson'] as const;

export function reportDir(ws: TempWorkspace, project: string): string {
  return join(ws.dir, 'dist/codex-review', project);
}

/** The report files present in dist/codex-review/<project> (empty when the folder is missing). */
export function reportsOf(ws: TempWorkspace, project: string): string[] {
  const dir = reportDir(ws, project);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** A whole report: every file there, review.json parses and names the project. */
export function expectWholeReport(ws: TempWorkspace, project: string): void {
  const present = reportsOf(ws, project);
  for (const name of REPORT_NAMES) expect(present).toContain(name);
  expect(present.filter((name) => name.endsWith('.tmp'))).toEqual([]);
  const result = JSON.parse(readFileSync(join(reportDir(ws, project), 'review.json'), 'utf8'));
  expect(result).toMatchObject({ schemaVersion: 1, project });
}

/** No report at all: none of the report files and no temporary file of one. */
export function expectNoReport(ws: TempWorkspace, project: string): void {
  const present = reportsOf(ws, project);
  expect(present.filter((name) => name.startsWith('review.') || name.endsWith('.tmp'))).toEqual([]);
}

/** Nx printed that this task came from a cache (local or remote, or outputs already matching). */
export function wasCacheHit(result: RunResult, task: string): boolean {
  const escaped = task.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${escaped}[^\\n]*(local cache|remote cache|existing outputs match the cache)`).test(
    plain(result.output),
  );
}

/** Review requests the model got since `before` (a count from an earlier requests() call). */
export async function requestsSince(model: LocalModel, before: number) {
  return (await model.requests()).slice(before).filter((request) => request.path.endsWith('/responses'));
}

/** How many requests the model has logged so far: the `before` of requestsSince. */
export async function requestCount(model: LocalModel): Promise<number> {
  return (await model.requests()).length;
}

/** The project a review request was about, from the prompt's first line. */
export function projectOfRequest(request: { body?: { input?: unknown } }): string | undefined {
  const text = JSON.stringify(request.body?.input ?? '');
  return /You are reviewing the Nx project \\"([^"\\]+)\\"/.exec(text)?.[1];
}

/** A stack frame as Node prints it: never part of a user-facing message. */
export const STACK_FRAME = /^\s+at .+(\(.+:\d+:\d+\)|:\d+:\d+)$/m;

type ProcessInfo = testing.ProcessInfo;

/** Every live process below `pid` (children, grandchildren...), read from /proc. */
export function descendantsOf(pid: number): ProcessInfo[] {
  const all = testing.listProcesses(/./);
  const found: ProcessInfo[] = [];
  const parents = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const proc of all) {
      if (parents.has(proc.ppid) && !parents.has(proc.pid)) {
        parents.add(proc.pid);
        found.push(proc);
        grew = true;
      }
    }
  }
  return found;
}

/** Codex itself (its binary, or node running its launcher), not the watchdog whose arguments name it. */
export function isCodexProcess(proc: { argv: string[] }): boolean {
  return proc.argv.slice(0, 2).some((arg) => /(^|\/)codex(\.js)?$/.test(arg));
}

/** True while the process exists and is not a zombie. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

export async function waitFor<T>(
  what: string,
  probe: () => T | Promise<T>,
  timeoutMs = 30_000,
  everyMs = 100,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Files under `dir`, recursively, relative to it. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
    .filter((entry) => entry.isFile())
    .map((entry) =>
      join((entry as unknown as { parentPath?: string; path: string }).parentPath ?? entry.path, entry.name).slice(
        dir.length + 1,
      ),
    )
    .sort();
}

/** Fails with nx's output (its tail) when the run did not succeed, so a failure says why. */
export function expectSuccess(result: RunResult): void {
  if (result.code !== 0) throw new Error(`nx exited with ${result.code}:\n${result.output.slice(-6000)}`);
}

/** Nx colours its summary even without a TTY: plain text for matching. */
export function plain(text: string): string {
  // eslint-disable-next-line no-control-regex -- the colour sequences nx prints are what this removes
  return text.replace(/\x1b\[[0-9;]*m/g, '');
}
