import { buildToolCall } from './mcp-arguments';

describe('buildToolCall', () => {
  it('maps the call options to the codex tool arguments, settings in `config`', () => {
    expect(
      buildToolCall({
        prompt: 'review',
        cwd: '/ws',
        sandbox: 'read-only',
        approvalPolicy: 'never',
        model: 'gpt-5.5',
        config: { 'features.plugins': false, model_providers: { local: { base_url: 'http://127.0.0.1:1/v1' } } },
        baseInstructions: 'base',
        developerInstructions: 'dev',
      }),
    ).toEqual({
      name: 'codex',
      arguments: {
        prompt: 'review',
        cwd: '/ws',
        sandbox: 'read-only',
        'approval-policy': 'never',
        model: 'gpt-5.5',
        config: { 'features.plugins': false, model_providers: { local: { base_url: 'http://127.0.0.1:1/v1' } } },
        'base-instructions': 'base',
        'developer-instructions': 'dev',
      },
    });
  });

  it('passes approval policies the tool does not list through config', () => {
    expect(buildToolCall({ prompt: 'p', cwd: '/ws', approvalPolicy: 'untrusted' }).arguments).toEqual({
      prompt: 'p',
      cwd: '/ws',
      config: { approval_policy: 'untrusted' },
    });
  });

  it('continues a thread with codex-reply', () => {
    expect(buildToolCall({ prompt: 'again', cwd: '/ws', resumeThreadId: 'T-1', sandbox: 'read-only' })).toEqual({
      name: 'codex-reply',
      arguments: { prompt: 'again', threadId: 'T-1' },
    });
  });

  it('puts the output schema into the prompt (the legacy server has no --output-schema)', () => {
    const call = buildToolCall({ prompt: 'answer', cwd: '/ws', outputSchema: { type: 'object', required: ['ok'] } });
    const prompt = call.arguments.prompt as string;
    expect(prompt.startsWith('answer\n\n')).toBe(true);
    expect(prompt).toContain('Reply with a single JSON value and nothing else');
    expect(prompt).toContain('"required": [\n    "ok"\n  ]');
  });

  it('refuses a profile, which the codex tool cannot select', () => {
    expect(() => buildToolCall({ prompt: 'p', cwd: '/ws', profile: 'ci' })).toThrow(
      'The mcp transport cannot select a codex profile ("ci")',
    );
  });
});
