// The client with the real codex 0.153.4 `codex mcp-server` (mcp transport) against tools/local-model.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { assertBuiltClientIsFresh, driveClient, processHasEnv, runClient } from '../../e2e-support/drive-client';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const testing = require('../../../../tools/testing') as typeof import('../../../../tools/testing');

const SCHEMA = {
  type: 'object',
  properties: { verdict: { type: 'string', enum: ['ok', 'bad'] }, score: { type: 'number' } },
  required: ['verdict', 'score'],
  additionalProperties: false,
};

let model: import('../../../../tools/testing').LocalModel;
let home: import('../../../../tools/testing').CodexHome;
let temp: { dir: string; cleanup(): void };
let workspace: string;

const client = () => ({
  workspaceRoot: testing.repoRoot,
  binary: testing.codexBin('0.153'),
  transport: 'mcp',
  mcpServer: {},
  retry: { baseDelayMs: 100, maxDelayMs: 200 },
  killGraceMs: 1000,
});
/** Longer than any test: a call that ends before the model answers ended because we stopped it (no timing assertion needed). */
const NEVER_MS = 3_600_000;
const call = (extra: Record<string, unknown> = {}) => ({
  prompt: 'Say hello.',
  cwd: workspace,
  codexHome: home.dir,
  sandbox: 'read-only',
  timeoutMs: 20_000,
  ...extra,
});

function userText(body: { input?: Array<{ role?: string; content?: Array<{ text?: string }> }> }): string {
  return (body.input ?? [])
    .filter((item) => item.role === 'user')
    .flatMap((item) => item.content ?? [])
    .map((part) => part.text ?? '')
    .join('\n');
}

/** The codex mcp-server processes started for this suite's CODEX_HOME. */
const ourServers = () =>
  testing.listProcesses('mcp-server').filter((p) => processHasEnv(p.pid, 'CODEX_HOME', home.dir));

beforeAll(async () => {
  assertBuiltClientIsFresh();
  model = await testing.startLocalModel({ scenario: 'message' });
  home = testing.createCodexHome({ baseUrl: model.url });
  temp = testing.makeTempDir('codex-client-mcp-int-');
  workspace = path.join(temp.dir, 'ws');
  mkdirSync(workspace);
});

afterAll(async () => {
  await model?.stop();
  home?.cleanup();
  temp?.cleanup();
});

beforeEach(async () => {
  await model.reset();
});

describe('codex 0.153.4 over mcp (codex mcp-server)', () => {
  it('answers a plain call, with the events of the turn', async () => {
    await model.setScenario('message');
    const run = await runClient({ client: client(), calls: [call({ prompt: 'mcp-plain-4e1' })] });
    expect(run.lines[0]?.client).toMatchObject({
      transport: 'mcp',
      binary: { version: '0.153.4', abilities: { mcpServer: true } },
    });
    expect(run.error()).toBeUndefined();
    expect(run.result()).toMatchObject({
      text: 'Hello from local-model.',
      transport: 'mcp',
      codexVersion: '0.153.4',
      attempts: 1,
    });
    expect(run.result()?.usage.inputTokens).toBeGreaterThan(0);
    expect(run.events().map((e) => e.type)).toEqual([
      'thread.started',
      'turn.started',
      'agent_message',
      'turn.completed',
    ]);
    expect(run.events()[0]?.threadId).toBe(run.result()?.threadId);
    expect(userText((await model.requests())[0]?.body)).toContain('mcp-plain-4e1');
    expect(ourServers()).toEqual([]);
  });

  it('takes the shell away over mcp too: the dotted features keys of a review reach the legacy server', async () => {
    await model.setScenario('message');
    const run = await runClient({
      client: client(),
      calls: [call({ config: { 'features.shell_tool': false, 'features.unified_exec': false } })],
    });
    expect(run.error()).toBeUndefined();
    const tools = ((await model.requests())[0]?.body.tools ?? []).map(
      (tool: { name?: string; type?: string }) => tool.name ?? tool.type,
    );
    expect(tools.length).toBeGreaterThan(0);
    expect(tools).not.toContain('exec_command');
    expect(tools).not.toContain('write_stdin');
    expect(tools).not.toContain('shell');
  });

  it('answers a structured call: the schema goes into the prompt and the answer is validated', async () => {
    await model.setScenario({ steps: [{ kind: 'message', text: '{"verdict":"ok","score":0.9}' }] });
    const run = await runClient({ client: client(), calls: [call({ prompt: 'Judge it.', outputSchema: SCHEMA })] });
    expect(run.error()).toBeUndefined();
    expect(run.result()?.structured).toEqual({ verdict: 'ok', score: 0.9 });
    const prompt = userText((await model.requests())[0]?.body);
    expect(prompt).toContain('Judge it.');
    expect(prompt).toContain('It must validate against this JSON Schema');
    expect(prompt).toContain('"enum": [\n        "ok",\n        "bad"\n      ]');
  });

  it('rejects a structured answer that does not fit', async () => {
    await model.setScenario({ steps: [{ kind: 'message', text: '{"verdict":"maybe","score":1}' }] });
    const run = await runClient({ client: client(), calls: [call({ outputSchema: SCHEMA })] });
    expect(run.error()).toMatchObject({ kind: 'invalid-answer', attempts: 1 });
    expect(run.error()?.message).toContain('at /verdict: must be equal to one of the allowed values (["ok","bad"])');
  });

  it('continues the thread with codex-reply', async () => {
    await model.setScenario('message');
    const run = await runClient({
      client: client(),
      calls: [call({ prompt: 'mcp-first-2b9' }), call({ prompt: 'mcp-second-c30', resumePrevious: true })],
    });
    expect(run.error(1)).toBeUndefined();
    expect(run.result(1)?.threadId).toBe(run.result(0)?.threadId);
    const requests = await model.requests();
    expect(requests).toHaveLength(2);
    expect(userText(requests[1]?.body)).toMatch(/mcp-first-2b9[\s\S]*mcp-second-c30/);
    expect(run.result(1)?.threadUsage.inputTokens).toBe(
      run.result(0)?.usage.inputTokens + run.result(1)?.usage.inputTokens,
    );
  });

  it('retries a transient failure reported by the tool and counts the attempts', async () => {
    await model.setScenario('http-error-500');
    const run = await runClient({ client: client(), calls: [call({ maxRetries: 2 })] });
    expect(run.error()).toMatchObject({ kind: 'transient', attempts: 3 });
    expect(run.error()?.message).toContain(
      "We're currently experiencing high demand, which may cause temporary errors",
    );
    expect(await model.requests()).toHaveLength(3);
  });

  it('stops a call whose model does not answer in time', async () => {
    await model.setScenario({
      steps: [{ kind: 'slow-first-byte', delayMs: NEVER_MS, then: { kind: 'message', text: 'too late' } }],
    });
    const run = await runClient({ client: client(), calls: [call({ timeoutMs: 1500 })] });
    expect(run.error()).toMatchObject({ kind: 'timeout', attempts: 1 });
    expect(ourServers()).toEqual([]);
  });

  it('cancels a running call and stops the server when the client closes', async () => {
    await model.setScenario({
      steps: [{ kind: 'slow-first-byte', delayMs: NEVER_MS, then: { kind: 'message', text: 'too late' } }],
    });
    const driven = driveClient({ client: client(), calls: [call({ abortAfterFirstEvent: true })] });
    await driven.waitForLine((line) => Boolean(line.event));
    const run = await driven.done;
    expect(run.error()).toMatchObject({ kind: 'cancelled' });
    expect(ourServers()).toEqual([]);
  });
});
