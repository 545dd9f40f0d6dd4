// tools/local-model over plain HTTP: the SSE shape, scenarios, the admin API, faults.
import * as fs from 'node:fs';
import * as http from 'node:http';
import { startLocalModel, type LocalModel, type ScenarioStep } from './index';
import { post, userInput } from './local-model-client';

describe('local-model HTTP API', () => {
  let model: LocalModel;
  beforeAll(async () => {
    model = await startLocalModel();
  });
  afterAll(() => model?.stop());
  beforeEach(() => model.reset());

  it('streams response.created, output_item.done (an assistant message) and response.completed with usage', async () => {
    const reply = await post(model.url, userInput('hello'));
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/event-stream');
    expect(reply.events.map((e) => e.event)).toEqual([
      'response.created',
      'response.output_item.done',
      'response.completed',
    ]);
    for (const { event, data } of reply.events) expect(data.type).toBe(event);
    expect(reply.events[1].data.item).toMatchObject({
      type: 'message',
      role: 'assistant',
      content: [{ type: 'output_text', text: 'Hello from local-model.' }],
    });
    const { response } = reply.events[2].data;
    expect(response.id).toBe(reply.events[0].data.response.id);
    expect(response.usage).toEqual({
      input_tokens: expect.any(Number),
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: Math.ceil('Hello from local-model.'.length / 4),
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: response.usage.input_tokens + response.usage.output_tokens,
    });
  });

  it('logs every request with its full body and without the authorization header', async () => {
    const body = {
      ...userInput('log me'),
      text: { format: { type: 'json_schema', name: 'x', schema: { type: 'object' } } },
    };
    await post(model.url, body);
    const [entry] = await model.requests();
    expect(entry).toMatchObject({
      seq: 1,
      method: 'POST',
      path: '/v1/responses',
      body,
      answer: { kind: 'message', stepIndex: 0, followUpOf: null, callIndex: 0 },
    });
    expect(entry.headers.authorization).toBeUndefined();
    expect(entry.headers['content-type']).toBe('application/json');
    expect(new Date(entry.time).getTime()).toBeGreaterThan(Date.now() - 60000);
    expect(fs.readFileSync(model.logFile, 'utf8')).not.toContain('secret-123');
  });

  it('answers GET /v1/models, and logs unknown routes with a 404', async () => {
    const models = await new Promise<{ status?: number; json: { data: Array<{ id: string }> } }>((resolve) =>
      http.get(`${model.url}/models`, { agent: false }, (res) => {
        let raw = '';
        res.on('data', (c) => (raw += c)).on('end', () => resolve({ status: res.statusCode, json: JSON.parse(raw) }));
      }),
    );
    expect(models.status).toBe(200);
    expect(models.json.data.map((m) => m.id)).toContain('gpt-5.5');
    const unknown = await new Promise<number | undefined>((resolve) => {
      const req = http.request(`${model.url}/responses/compact`, { method: 'POST', agent: false }, (res) =>
        resolve(res.statusCode),
      );
      req.end('{}');
    });
    expect(unknown).toBe(404);
    const log = await model.requests();
    expect(log.map((r) => [r.method, r.path, r.answer.status])).toEqual([
      ['GET', '/v1/models', 200],
      ['POST', '/v1/responses/compact', 404],
    ]);
  });

  it('repeats the last step, or cycles, after the steps run out', async () => {
    const texts = async (n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++)
        out.push((await post(model.url, userInput(`call ${i}`))).events[1].data.item.content[0].text);
      return out;
    };
    const steps: ScenarioStep[] = [
      { kind: 'message', text: 'a' },
      { kind: 'message', text: 'b' },
    ];
    await model.setScenario({ steps });
    expect(await texts(4)).toEqual(['a', 'b', 'b', 'b']);
    await model.setScenario({ steps, repeat: 'cycle' });
    expect(await texts(4)).toEqual(['a', 'b', 'a', 'b']);
  });

  it('rejects a bad scenario with 400 and keeps the current one', async () => {
    await model.setScenario({ steps: [{ kind: 'message', text: 'kept' }] });
    await expect(model.setScenario({ steps: [{ kind: 'telepathy' } as unknown as ScenarioStep] })).rejects.toThrow(
      /400: local-model: steps\[0\]\.kind is "telepathy"; use one of message, schema-json/,
    );
    await expect(model.setScenario('no-such-builtin')).rejects.toThrow(/no scenario "no-such-builtin"/);
    expect((await post(model.url, userInput('x'))).events[1].data.item.content[0].text).toBe('kept');
  });

  it('chooses match rules by substring or regular expression in the conversation, not the instructions', async () => {
    await model.setScenario({
      steps: [
        {
          kind: 'match',
          rules: [
            { whenPromptContains: ['alpha.ts', 'beta.ts'], step: { kind: 'message', text: 'ab' } },
            { whenPromptMatches: 'gamma\\.(js|ts)', step: { kind: 'message', text: 'g' } },
          ],
          default: { kind: 'message', text: 'none' },
        },
      ],
    });
    const answer = async (body: object) => (await post(model.url, body)).events[1].data.item.content[0].text;
    expect(await answer(userInput('review beta.ts'))).toBe('ab');
    expect(await answer(userInput('review gamma.js'))).toBe('g');
    expect(
      await answer({
        input: [
          { type: 'message', role: 'developer', content: [{ type: 'input_text', text: 'alpha.ts' }] },
          ...userInput('other').input,
        ],
      }),
    ).toBe('none');
  });

  it('emits exec_command and apply_patch calls and answers the tool output with `then`', async () => {
    await model.setScenario({
      steps: [
        {
          kind: 'shell',
          command: ['bash', '-lc', "echo 'it''s'"],
          args: { workdir: '/tmp' },
          then: { kind: 'message', text: 'after shell' },
        },
        { kind: 'apply_patch', patch: '*** Begin Patch\n*** End Patch\n' },
        { kind: 'shell', command: ['ls', '-la', 'my dir'] },
      ],
    });
    const shell = await post(model.url, userInput('go'));
    const call = shell.events[1].data.item;
    expect(call).toMatchObject({
      type: 'function_call',
      name: 'exec_command',
      call_id: expect.stringMatching(/^call_/),
    });
    expect(JSON.parse(call.arguments)).toEqual({ cmd: "echo 'it''s'", workdir: '/tmp' });
    const patch = await post(model.url, userInput('next step'));
    expect(patch.events[1].data.item).toMatchObject({
      type: 'custom_tool_call',
      name: 'apply_patch',
      input: '*** Begin Patch\n*** End Patch\n',
    });
    const followUp = await post(model.url, {
      input: [call, { type: 'function_call_output', call_id: call.call_id, output: 'ok' }],
    });
    expect(followUp.events[1].data.item.content[0].text).toBe('after shell');
    const argv = await post(model.url, userInput('third'));
    expect(JSON.parse(argv.events[1].data.item.arguments)).toEqual({ cmd: "ls -la 'my dir'" });
    // A tool output that was already answered does not count as a follow-up again.
    const later = await post(model.url, {
      input: [call, { type: 'function_call_output', call_id: call.call_id, output: 'ok' }],
    });
    expect(later.events[1].data.item.name).toBe('exec_command');
    const log = await model.requests();
    expect(log.map((r) => r.answer.stepIndex)).toEqual([0, 1, null, 2, 2]);
  });

  it('builds schema answers from text.format: minimal, verbatim, violating, malformed', async () => {
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'number' } },
      required: ['a', 'b'],
      additionalProperties: false,
    };
    const body = { ...userInput('json'), text: { format: { type: 'json_schema', name: 'x', strict: true, schema } } };
    const text = async () => (await post(model.url, body)).events[1].data.item.content[0].text;
    await model.setScenario({
      steps: [
        { kind: 'schema-json' },
        { kind: 'schema-json', value: { a: 'z', b: 9 } },
        { kind: 'schema-violation' },
        { kind: 'malformed-json' },
        { kind: 'empty' },
      ],
    });
    expect(JSON.parse(await text())).toEqual({ a: '', b: 0 });
    expect(await text()).toBe('{"a":"z","b":9}');
    expect(JSON.parse(await text())).toEqual({ b: 0 });
    await expect(text().then((t) => JSON.parse(t))).rejects.toThrow(SyntaxError);
    expect(await text()).toBe('');
  });

  it('scripts HTTP errors, response.failed and a cut stream', async () => {
    await model.setScenario({
      steps: [
        { kind: 'http-error', status: 429, retryAfter: 7 },
        { kind: 'http-error', status: 503, body: { error: { message: 'custom' } } },
        { kind: 'response-failed', message: 'boom' },
        { kind: 'stream-cut', text: 'half an ans' },
      ],
    });
    const limited = await post(model.url, userInput('x'));
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    expect(JSON.parse(limited.raw).error.code).toBe('rate_limit_exceeded');
    const custom = await post(model.url, userInput('x'));
    expect([custom.status, JSON.parse(custom.raw)]).toEqual([503, { error: { message: 'custom' } }]);
    const failed = await post(model.url, userInput('x'));
    expect(failed.events.map((e) => e.event)).toEqual(['response.created', 'response.failed']);
    expect(failed.events[1].data.response.error.message).toBe('boom');
    const cut = await post(model.url, userInput('x'));
    expect(cut.error).toBeDefined();
    expect(cut.raw).toContain('half an ans');
    expect(cut.raw).not.toContain('response.completed');
  });

  it('holds back everything, or everything but the headers, for slow-first-byte', async () => {
    await model.setScenario({
      steps: [
        { kind: 'slow-first-byte', delayMs: 400, then: { kind: 'message', text: 'late' } },
        { kind: 'slow-first-byte', delayMs: 400, headersFirst: true, then: { kind: 'message', text: 'later' } },
      ],
    });
    for (const [text, headersFirst] of [
      ['late', false],
      ['later', true],
    ] as const) {
      const started = Date.now();
      const headersAt = await new Promise<number>((resolve) => {
        const req = http.request(`${model.url}/responses`, { method: 'POST', agent: false }, (res) => {
          const at = Date.now() - started;
          let raw = '';
          res
            .on('data', (c) => (raw += c))
            .on('end', () => {
              expect(raw).toContain(text);
              resolve(at);
            });
        });
        req.end(JSON.stringify(userInput('x')));
      });
      if (headersFirst) expect(headersAt).toBeLessThan(300);
      else expect(headersAt).toBeGreaterThanOrEqual(390);
      expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    }
  });
});
