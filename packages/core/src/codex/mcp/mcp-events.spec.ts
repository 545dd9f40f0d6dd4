import { McpTurnTracker } from './mcp-events';

// `params.msg` of codex/event notifications as codex 0.153.4's mcp-server sent them (shortened).
const usage = (input: number, output: number) => ({
  input_tokens: input,
  cached_input_tokens: 40,
  cache_write_input_tokens: 0,
  output_tokens: output,
  reasoning_output_tokens: 5,
  total_tokens: input + output,
});

describe('McpTurnTracker', () => {
  it('maps a turn to exec-style events and works out its own usage from the running totals', () => {
    const tracker = new McpTurnTracker();
    const msgs = [
      { type: 'task_started', turn_id: 't2', model_context_window: 258400 },
      { type: 'raw_response_item', item: { type: 'message', role: 'user' } },
      { type: 'agent_reasoning', text: 'hmm' },
      { type: 'agent_message', message: 'hello from local', phase: null },
      { type: 'token_count', info: null, rate_limits: { limit_id: 'codex' } },
      // A resumed thread: 100 input tokens were used by the turn before this one.
      { type: 'token_count', info: { total_token_usage: usage(200, 40), last_token_usage: usage(100, 20) } },
      { type: 'token_count', info: { total_token_usage: usage(330, 70), last_token_usage: usage(130, 30) } },
      { type: 'task_complete', turn_id: 't2', last_agent_message: 'hello from local' },
    ];
    const events = msgs.map((msg) => tracker.handle(msg)).filter(Boolean);
    expect(events).toEqual([
      { type: 'turn.started' },
      { type: 'reasoning', text: 'hmm' },
      { type: 'agent_message', text: 'hello from local' },
      {
        type: 'turn.completed',
        usage: { inputTokens: 230, cachedInputTokens: 40, outputTokens: 50, reasoningOutputTokens: 5 },
      },
    ]);
    expect(tracker.threadUsage).toEqual({
      inputTokens: 330,
      cachedInputTokens: 40,
      outputTokens: 70,
      reasoningOutputTokens: 5,
    });
    expect(tracker.collector.lastAgentMessage).toBe('hello from local');
  });

  it('takes the thread id from session_configured and a failure from error', () => {
    const tracker = new McpTurnTracker();
    expect(
      tracker.handle({ type: 'session_configured', session_id: 'S-1', thread_id: 'S-1', model: 'gpt-5.5' }),
    ).toEqual({ type: 'thread.started', threadId: 'S-1' });
    expect(tracker.handle({ type: 'stream_error', message: 'Reconnecting... 1/5' })).toEqual({
      type: 'warning',
      message: 'Reconnecting... 1/5',
    });
    expect(
      tracker.handle({
        type: 'error',
        message: "We're currently experiencing high demand, which may cause temporary errors.",
        codex_error_info: 'internal_server_error',
      }),
    ).toEqual({
      type: 'turn.failed',
      message: "We're currently experiencing high demand, which may cause temporary errors.",
    });
    expect(tracker.collector.threadId).toBe('S-1');
    expect(tracker.collector.failure).toContain('high demand');
    expect(tracker.turnUsage).toEqual({
      inputTokens: 0,
      cachedInputTokens: 0,
      outputTokens: 0,
      reasoningOutputTokens: 0,
    });
  });

  it('maps commands and patches', () => {
    const tracker = new McpTurnTracker();
    expect(tracker.handle({ type: 'exec_command_begin', call_id: 'c1', command: ['bash', '-lc', 'ls'] })).toEqual({
      type: 'command',
      command: 'bash -lc ls',
      status: 'in_progress',
    });
    expect(
      tracker.handle({
        type: 'exec_command_end',
        call_id: 'c1',
        command: ['bash', '-lc', 'ls'],
        exit_code: 2,
        aggregated_output: 'no such file',
      }),
    ).toEqual({
      type: 'command',
      command: 'bash -lc ls',
      status: 'failed',
      exitCode: 2,
      output: 'no such file',
    });
    expect(
      tracker.handle({
        type: 'patch_apply_begin',
        call_id: 'p1',
        changes: { '/ws/a.ts': { type: 'update', unified_diff: '' }, '/ws/b.ts': { add: { content: '' } } },
      }),
    ).toBeUndefined();
    expect(tracker.handle({ type: 'patch_apply_end', call_id: 'p1', success: true })).toEqual({
      type: 'file_change',
      changes: [
        { path: '/ws/a.ts', kind: 'update' },
        { path: '/ws/b.ts', kind: 'add' },
      ],
      status: 'completed',
    });
  });
});

describe('command lines', () => {
  it('quote words the way codex exec --json shows them', () => {
    const tracker = new McpTurnTracker();
    expect(tracker.handle({ type: 'exec_command_begin', command: ['/bin/bash', '-lc', "echo it's ok"] })).toMatchObject(
      { command: `/bin/bash -lc 'echo it'\\''s ok'` },
    );
  });
});
