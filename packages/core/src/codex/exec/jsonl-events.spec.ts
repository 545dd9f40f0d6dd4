import { TurnCollector } from '../turn-collector';
import { parseExecLine } from './jsonl-events';

// Lines as codex 0.169.0 printed them against the local model.
const RUN = [
  '{"type":"thread.started","thread_id":"01a209e0-f775-7ba2-b3c9-069cee0b8327"}',
  '{"type":"turn.started"}',
  '{"type":"item.started","item":{"id":"item_1","type":"command_execution","command":"bash -lc ls","aggregated_output":"","exit_code":null,"status":"in_progress"}}',
  '{"type":"item.completed","item":{"id":"item_1","type":"command_execution","command":"bash -lc ls","aggregated_output":"a.ts\\n","exit_code":0,"status":"completed"}}',
  '{"type":"item.completed","item":{"id":"item_2","type":"file_change","changes":[{"path":"/ws/a.ts","kind":"update"}],"status":"completed"}}',
  '{"type":"item.completed","item":{"id":"item_3","type":"reasoning","text":"thinking"}}',
  '{"type":"item.completed","item":{"id":"item_4","type":"error","message":"ignoring 1 unrecognized configuration settings"}}',
  '{"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"first"}}',
  '{"type":"item.completed","item":{"id":"item_5","type":"agent_message","text":"hello from local"}}',
  '{"type":"item.updated","item":{"id":"item_6","type":"todo_list","items":[]}}',
  '{"type":"turn.completed","usage":{"input_tokens":100,"cached_input_tokens":40,"cache_write_input_tokens":0,"output_tokens":20,"reasoning_output_tokens":5}}',
];

describe('parseExecLine', () => {
  it('turns codex exec JSONL into our events', () => {
    const events = RUN.map(parseExecLine);
    expect(events).toEqual([
      { type: 'thread.started', threadId: '01a209e0-f775-7ba2-b3c9-069cee0b8327' },
      { type: 'turn.started' },
      { type: 'command', command: 'bash -lc ls', status: 'in_progress' },
      { type: 'command', command: 'bash -lc ls', status: 'completed', exitCode: 0, output: 'a.ts\n' },
      { type: 'file_change', changes: [{ path: '/ws/a.ts', kind: 'update' }], status: 'completed' },
      { type: 'reasoning', text: 'thinking' },
      { type: 'warning', message: 'ignoring 1 unrecognized configuration settings' },
      { type: 'agent_message', text: 'first' },
      { type: 'agent_message', text: 'hello from local' },
      undefined,
      {
        type: 'turn.completed',
        usage: { inputTokens: 100, cachedInputTokens: 40, outputTokens: 20, reasoningOutputTokens: 5 },
      },
    ]);
  });

  it('maps a failed turn; a top-level error is only a warning by itself', () => {
    expect(
      parseExecLine('{"type":"error","message":"Reconnecting... 1/5 (Connection failed: error sending request)"}'),
    ).toEqual({
      type: 'warning',
      message: 'Reconnecting... 1/5 (Connection failed: error sending request)',
    });
    expect(
      parseExecLine(
        '{"type":"turn.failed","error":{"message":"exceeded retry limit, last status: 429 Too Many Requests"}}',
      ),
    ).toEqual({
      type: 'turn.failed',
      message: 'exceeded retry limit, last status: 429 Too Many Requests',
    });
  });

  it('ignores what is not a JSON event', () => {
    expect(parseExecLine('Reading additional input from stdin...')).toBeUndefined();
    expect(parseExecLine('{not json')).toBeUndefined();
    expect(parseExecLine('')).toBeUndefined();
    expect(parseExecLine('{"type":"something.new"}')).toBeUndefined();
  });

  it('collects the thread id, the last agent message and the usage without adding fields together', () => {
    const collector = new TurnCollector();
    for (const line of RUN) {
      const event = parseExecLine(line);
      if (event) collector.add(event);
    }
    expect(collector.threadId).toBe('01a209e0-f775-7ba2-b3c9-069cee0b8327');
    expect(collector.lastAgentMessage).toBe('hello from local');
    // input_tokens already includes cached tokens, output_tokens the reasoning ones.
    expect(collector.usage).toEqual({
      inputTokens: 100,
      cachedInputTokens: 40,
      outputTokens: 20,
      reasoningOutputTokens: 5,
    });
    expect(collector.warnings).toEqual(['ignoring 1 unrecognized configuration settings']);
    expect(collector.failure).toBeUndefined();
  });
});
