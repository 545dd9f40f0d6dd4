/**
 * Model faults through the whole `nx run` path (real Nx, real codex 0.169, tools/local-model): each
 * fault fails the task with a clear message, is retried only when transient and only a bounded
 * number of times, leaves no report (an older one is removed), is not cached, and the next run
 * after the fault clears reviews again and succeeds.
 */
import { createWorkspace, type RunResult, type TempWorkspace } from '@nx-codex/testing';
import {
  answers,
  expectNoReport,
  expectWholeReport,
  requestsSince,
  requestCount,
  STACK_FRAME,
  testing,
  wasCacheHit,
  type LocalModel,
  type ScenarioStep,
} from './helpers';

const MAX_RETRIES = 2;

interface Fault {
  name: string;
  step: ScenarioStep;
  /** Model calls the faulty run makes: maxRetries + 1 for transient faults, 1 otherwise. */
  calls: number;
  message: RegExp;
  extra?: string[];
}

const TRANSIENT = MAX_RETRIES + 1;
const FAULTS: Fault[] = [
  {
    name: 'HTTP 500',
    step: { kind: 'http-error', status: 500 },
    calls: TRANSIENT,
    message: /temporary error: We.re currently experiencing high demand[^\n]*Tried 3 times/,
  },
  {
    name: 'HTTP 429 with retry-after',
    step: { kind: 'http-error', status: 429, retryAfter: 1 },
    calls: TRANSIENT,
    message: /temporary error: exceeded retry limit, last status: 429 Too Many Requests[^\n]*Tried 3 times/,
  },
  {
    name: 'response.failed',
    step: { kind: 'response-failed', message: 'the model fell over' },
    calls: TRANSIENT,
    message: /temporary error: stream disconnected before completion: the model fell over[^\n]*Tried 3 times/,
  },
  {
    name: 'a stream cut mid-answer',
    step: { kind: 'stream-cut', text: '{"findings": [' },
    calls: TRANSIENT,
    message: /temporary error: stream disconnected before completion[^\n]*Tried 3 times/,
  },
  {
    name: 'a first byte later than the timeout',
    step: { kind: 'slow-first-byte', delayMs: 30_000, then: { kind: 'schema-json' } },
    calls: 1,
    message: /Codex did not finish within 2 s and was stopped/,
    extra: ['--timeoutSeconds=2'],
  },
  {
    name: 'malformed JSON',
    step: { kind: 'malformed-json', text: 'Looks good to me!' },
    calls: 1,
    message: /Codex's answer is not JSON \([^)]*\); it starts "Looks good to me!"/,
  },
  {
    name: 'schema-violating JSON',
    step: { kind: 'schema-violation' },
    calls: 1,
    message: /Codex's answer does not fit the output schema:\s+- \(root\): missing required property "findings"/,
  },
  {
    name: 'an empty answer',
    step: { kind: 'empty' },
    calls: 1,
    message: /Codex returned an empty answer where JSON fitting the output schema was expected/,
  },
];

let model: LocalModel;
let codexHome: ReturnType<typeof testing.createCodexHome>;
let ws: TempWorkspace;
let edits = 0;

const review = (extra: string[] = []): RunResult =>
  ws.nx(['run', 'alpha:codex-review', `--maxRetries=${MAX_RETRIES}`, ...extra], codexHome.env);

beforeAll(async () => {
  model = await testing.startLocalModel({ scenario: answers() });
  codexHome = testing.createCodexHome({ baseUrl: model.url });
  ws = createWorkspace({ projects: { alpha: { 'src/index.ts': 'export const one = 1;\n' } } });
  // A report from an earlier, successful review: a failed review must not leave it looking current.
  expect(review().code).toBe(0);
  expectWholeReport(ws, 'alpha');
});
afterAll(async () => {
  await model?.stop();
  codexHome?.cleanup();
  ws?.cleanup();
});

it.each(FAULTS.map((fault) => [fault.name, fault] as const))(
  '%s: a clear error, bounded retries, no report, not cached; the next run succeeds',
  async (_name, fault) => {
    // New content, so the review cannot be answered from the earlier report or the Nx cache.
    ws.write('libs/alpha/src/index.ts', `export const edit = ${++edits};\n`);
    await model.setScenario({ name: 'fault', steps: [fault.step], repeat: 'last' });
    let before = await requestCount(model);
    const failed = review(fault.extra);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toMatch(fault.message);
    expect(failed.output).toContain('[codex-review alpha] review failed:');
    expect(failed.output).not.toMatch(STACK_FRAME);
    const faultyCalls = await requestsSince(model, before);
    expect(faultyCalls).toHaveLength(fault.calls);
    if (fault.calls > 1) {
      // Backed off between attempts (base 1 s, equal jitter: at least 0.5 s), never hammered.
      const times = faultyCalls.map((request) => Date.parse(request.time));
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(500);
    }
    expectNoReport(ws, 'alpha');

    await model.setScenario(answers());
    before = await requestCount(model);
    const recovered = review(fault.extra);
    expect(recovered.code).toBe(0);
    expect(wasCacheHit(recovered, 'alpha:codex-review')).toBe(false);
    expect(await requestsSince(model, before)).toHaveLength(1);
    expectWholeReport(ws, 'alpha');
  },
);
