// The real codex 0.169.0 against tools/local-model: every scenario kind, end to end.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { listProcesses, makeTempDir, startLocalModel, type InputItem, type LocalModel } from './index';
import { cleanupWorkspaces, codexExec, writeJson } from './codex-exec';

const SUMMARY_SCHEMA = {
  type: 'object',
  properties: {
    summary: { type: 'string' },
    count: { type: 'integer', minimum: 1 },
    level: { type: 'string', enum: ['low', 'high'] },
    tags: { type: 'array', items: { type: 'string' } },
  },
  required: ['summary', 'count', 'level', 'tags'],
  additionalProperties: false,
};

const REVIEW_SCHEMA = {
  type: 'object',
  properties: {
    findings: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          title: { type: 'string' },
          body: { type: 'string' },
          confidence_score: { type: 'number' },
          priority: { type: 'integer' },
          code_location: {
            type: 'object',
            properties: {
              absolute_file_path: { type: 'string' },
              line_range: {
                type: 'object',
                properties: { start: { type: 'integer' }, end: { type: 'integer' } },
                required: ['start', 'end'],
                additionalProperties: false,
              },
            },
            required: ['absolute_file_path', 'line_range'],
            additionalProperties: false,
          },
        },
        required: ['title', 'body', 'confidence_score', 'priority', 'code_location'],
        additionalProperties: false,
      },
    },
    overall_correctness: { type: 'string' },
    overall_explanation: { type: 'string' },
    overall_confidence_score: { type: 'number' },
  },
  required: ['findings', 'overall_correctness', 'overall_explanation', 'overall_confidence_score'],
  additionalProperties: false,
};

const ajv = new Ajv({ strict: false });
const fitsSummary = ajv.compile(SUMMARY_SCHEMA);
const fitsReview = ajv.compile(REVIEW_SCHEMA);

describe('codex 0.169.0 against the local model', () => {
  let model: LocalModel;
  const schemas = makeTempDir('codex-schemas-');
  const summarySchemaFile = writeJson(schemas.dir, 'summary.schema.json', SUMMARY_SCHEMA);
  const reviewSchemaFile = writeJson(schemas.dir, 'review.schema.json', REVIEW_SCHEMA);

  beforeAll(async () => {
    model = await startLocalModel({ scenario: 'message' });
  });
  afterAll(async () => {
    await model?.stop();
    cleanupWorkspaces();
    schemas.cleanup();
  });
  beforeEach(async () => {
    await model.reset();
  });

  it('turns a message step into an agent_message, and logs the prompt the model received', async () => {
    await model.setScenario({ steps: [{ kind: 'message', text: 'pong from the scenario' }] });
    const run = await codexExec(model, 'ping with marker 7f3a');
    expect(run.exitCode).toBe(0);
    expect(run.agentMessages).toEqual(['pong from the scenario']);
    expect(run.events.at(-1)?.type).toBe('turn.completed');
    const requests = await model.requests();
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/responses']); // no GET /v1/models
    expect(requests[0]).toMatchObject({
      method: 'POST',
      path: '/v1/responses',
      answer: { kind: 'message', stepIndex: 0 },
    });
    expect(requests[0].headers['user-agent']).toMatch(/codex_exec\/0\.169\.0/);
    expect(requests[0].headers.authorization).toBeUndefined();
    const userTexts = requests[0].body.input
      .filter((i: InputItem) => i.role === 'user')
      .flatMap((i: InputItem) => (i.content ?? []).map((c) => c.text));
    expect(userTexts).toContain('ping with marker 7f3a');
    // The request log file holds the same entries, one JSON line each.
    const logged = fs
      .readFileSync(model.logFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(logged).toEqual(requests);
  });

  it('answers --output-schema with a minimal JSON instance of the schema carried in text.format', async () => {
    await model.setScenario('schema-json');
    const run = await codexExec(model, 'summarize', { flags: ['--output-schema', summarySchemaFile] });
    expect(run.exitCode).toBe(0);
    const answer = JSON.parse(run.agentMessages[0]);
    expect(answer).toEqual({ summary: '', count: 1, level: 'low', tags: [] });
    expect(fitsSummary(answer)).toBe(true);
    const [request] = await model.requests();
    expect(request.body.text.format).toEqual({
      type: 'json_schema',
      name: 'codex_output_schema',
      strict: true,
      schema: SUMMARY_SCHEMA,
    });
  });

  it('sends a given schema-json value verbatim', async () => {
    const value = { summary: 'two things', count: 2, level: 'high', tags: ['a', 'b'] };
    await model.setScenario({ steps: [{ kind: 'schema-json', value }] });
    const run = await codexExec(model, 'summarize', { flags: ['--output-schema', summarySchemaFile] });
    expect(JSON.parse(run.agentMessages[0])).toEqual(value);
  });

  it('makes codex run a shell command and answers the follow-up request with `then`', async () => {
    await model.setScenario({
      steps: [
        {
          kind: 'shell',
          command: ['bash', '-c', 'echo marker-$((6*7))'],
          then: { kind: 'message', text: 'the command printed 42' },
        },
      ],
    });
    const run = await codexExec(model, 'run the command');
    expect(run.exitCode).toBe(0);
    const command = run.items.find((i) => i.type === 'command_execution');
    expect(command).toMatchObject({ status: 'completed', exit_code: 0 });
    expect(command?.aggregated_output).toBe('marker-42\n');
    expect(run.agentMessages).toEqual(['the command printed 42']);

    const requests = await model.requests();
    expect(requests).toHaveLength(2);
    const call = requests[1].body.input.find((i: InputItem) => i.type === 'function_call');
    expect(call).toMatchObject({
      name: 'exec_command',
      arguments: JSON.stringify({ cmd: 'echo marker-$((6*7))', login: false }),
    });
    const output = requests[1].body.input.find((i: InputItem) => i.type === 'function_call_output');
    expect(output.call_id).toBe(call.call_id);
    expect(output.output).toContain('marker-42');
    expect(requests[1].answer).toMatchObject({ kind: 'message', stepIndex: null, followUpOf: call.call_id });
  });

  it('chains tool calls, and a follow-up does not consume a scenario step', async () => {
    await model.setScenario({
      steps: [
        {
          kind: 'shell',
          cmd: 'echo first',
          then: { kind: 'shell', cmd: 'echo second', then: { kind: 'message', text: 'both ran' } },
        },
        { kind: 'message', text: 'second turn' },
      ],
    });
    const first = await codexExec(model, 'go');
    expect(
      first.items
        .filter((i) => i.type === 'command_execution')
        .map((i) => i.aggregated_output.trim().split('\n').at(-1)),
    ).toEqual(['first', 'second']);
    expect(first.agentMessages).toEqual(['both ran']);
    const second = await codexExec(model, 'again');
    expect(second.agentMessages).toEqual(['second turn']);
    expect((await model.requests()).map((r) => r.answer.stepIndex)).toEqual([0, null, null, 1]);
  });

  it('writes a file through apply_patch in the workspace-write sandbox', async () => {
    await model.setScenario({
      steps: [
        {
          kind: 'apply_patch',
          patch: '*** Begin Patch\n*** Add File: notes/hello.txt\n+hello from apply_patch\n*** End Patch\n',
          then: { kind: 'message', text: 'patched' },
        },
      ],
    });
    const run = await codexExec(model, 'write the file', { flags: ['-s', 'workspace-write'] });
    expect(run.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(run.workspace, 'notes/hello.txt'), 'utf8')).toBe('hello from apply_patch\n');
    const change = run.items.find((i) => i.type === 'file_change');
    expect(change).toMatchObject({
      status: 'completed',
      changes: [{ path: path.join(run.workspace, 'notes/hello.txt'), kind: 'add' }],
    });
    expect(run.agentMessages).toEqual(['patched']);
    const requests = await model.requests();
    expect(requests[1].body.input.find((i: InputItem) => i.type === 'custom_tool_call_output')).toBeDefined();
  });

  it('picks a match rule by the file names in the prompt', async () => {
    await model.setScenario('review-match');
    const hit = await codexExec(model, 'Review these files: src/buggy.ts', {
      flags: ['--output-schema', reviewSchemaFile],
    });
    const review = JSON.parse(hit.agentMessages[0]);
    expect(fitsReview(review)).toBe(true);
    expect(review.findings).toHaveLength(1);
    expect(review.findings[0].title).toBe('Possible null dereference');
    const miss = await codexExec(model, 'Review these files: src/clean.ts', {
      flags: ['--output-schema', reviewSchemaFile],
    });
    const empty = JSON.parse(miss.agentMessages[0]);
    expect(fitsReview(empty)).toBe(true);
    expect(empty.findings).toEqual([]);
  });

  it.each(['http-error-500', 'http-error-429', 'response-failed', 'stream-cut'])(
    'fails the turn on the %s fault',
    async (scenario) => {
      await model.setScenario(scenario);
      const run = await codexExec(model, 'try');
      expect(run.exitCode).toBe(1);
      expect(run.failed?.error?.message).toEqual(expect.any(String));
      expect(run.agentMessages).toEqual([]);
    },
  );

  it('reports the response-failed message and the stream cut as codex errors', async () => {
    await model.setScenario({ steps: [{ kind: 'response-failed', message: 'quota gone 9c1e' }] });
    const failed = await codexExec(model, 'try');
    expect(failed.failed?.error.message).toContain('quota gone 9c1e');
    await model.setScenario('stream-cut');
    const cut = await codexExec(model, 'try');
    expect(cut.failed?.error.message).toContain('stream disconnected before completion');
  });

  it('delays the first byte: codex waits, unless its idle timeout applies after the headers', async () => {
    await model.setScenario({
      steps: [{ kind: 'slow-first-byte', delayMs: 1500, then: { kind: 'message', text: 'late' } }],
    });
    const waited = await codexExec(model, 'wait');
    expect(waited.exitCode).toBe(0);
    expect(waited.agentMessages).toEqual(['late']);
    expect(waited.durationMs).toBeGreaterThanOrEqual(1500);

    await model.setScenario({
      steps: [
        { kind: 'slow-first-byte', delayMs: 3000, headersFirst: true, then: { kind: 'message', text: 'too late' } },
      ],
    });
    const idle = await codexExec(model, 'wait', { flags: ['-c', 'model_providers.local.stream_idle_timeout_ms=500'] });
    expect(idle.exitCode).toBe(1);
    expect(idle.failed?.error.message).toContain('idle timeout');
  });

  // codex does not validate answers against --output-schema (it sends the schema to the model as a
  // strict json_schema and passes back whatever comes): these runs succeed and the caller must
  // notice the bad output.
  it('passes malformed JSON, schema violations and empty answers through with exit 0', async () => {
    await model.setScenario('malformed-json');
    const malformed = await codexExec(model, 'summarize', { flags: ['--output-schema', summarySchemaFile] });
    expect(malformed.exitCode).toBe(0);
    expect(() => JSON.parse(malformed.agentMessages[0])).toThrow();

    await model.setScenario('schema-violation');
    const violating = await codexExec(model, 'summarize', { flags: ['--output-schema', summarySchemaFile] });
    expect(violating.exitCode).toBe(0);
    const parsed = JSON.parse(violating.agentMessages[0]);
    expect(fitsSummary(parsed)).toBe(false);
    expect(parsed).not.toHaveProperty('summary');

    await model.setScenario('empty');
    const empty = await codexExec(model, 'say nothing');
    expect(empty.exitCode).toBe(0);
    expect(empty.agentMessages).toEqual(['']);
  });

  it('delays every step by its delayMs', async () => {
    await model.setScenario({ steps: [{ kind: 'message', text: 'slow', delayMs: 1000 }] });
    const run = await codexExec(model, 'hi');
    expect(run.agentMessages).toEqual(['slow']);
    expect(run.durationMs).toBeGreaterThanOrEqual(1000);
  });

  it('leaves no codex process behind', async () => {
    await model.setScenario({ steps: [{ kind: 'message', text: 'slow', delayMs: 1500 }] });
    const workspace = makeTempDir('codex-ws-');
    const running = codexExec(model, 'hi', { workspace });
    // While it runs, its processes (the node launcher and the native binary) carry the workspace path.
    // Wait for the native binary itself: right after the launcher forks, the child still shows the
    // launcher's command line (a second "node") until it execs codex.
    const names = (list: ReturnType<typeof listProcesses>) => list.map((p) => p.argv[0].split('/').pop());
    let finished = false;
    void running.then(
      () => (finished = true),
      () => (finished = true),
    );
    let seen: ReturnType<typeof listProcesses> = [];
    // Polls while the run goes on (the model answers after 1.5 s, so codex is there to be seen).
    while (!finished && !names(seen).includes('codex')) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = listProcesses(workspace.dir);
    }
    expect(names(seen)).toEqual(expect.arrayContaining(['node', 'codex']));
    const run = await running;
    expect(run.exitCode).toBe(0);
    expect(listProcesses(workspace.dir)).toEqual([]);
  });
});
