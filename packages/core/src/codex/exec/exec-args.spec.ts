import { buildExecArgs, MAX_ARGV_PROMPT_BYTES, redactArgs } from './exec-args';

describe('buildExecArgs', () => {
  it('builds a new ephemeral thread with every option in codex exec order', () => {
    const { args, stdinPrompt } = buildExecArgs(
      {
        prompt: 'review this',
        cwd: '/ws',
        sandbox: 'read-only',
        model: 'gpt-5.5',
        profile: 'ci',
        approvalPolicy: 'never',
        developerInstructions: 'be terse',
        config: {
          'model_providers.local': { name: 'local', base_url: 'http://127.0.0.1:1/v1' },
          model_reasoning_effort: 'low',
          skipped: undefined,
        },
      },
      { outputSchemaFile: '/tmp/s.json', instructionsFile: '/tmp/i.md' },
    );
    expect(args).toEqual([
      'exec',
      '--json',
      '--skip-git-repo-check',
      '--ephemeral',
      '-s',
      'read-only',
      '-C',
      '/ws',
      '-m',
      'gpt-5.5',
      '-p',
      'ci',
      '-c',
      'approval_policy="never"',
      '-c',
      'developer_instructions="be terse"',
      '-c',
      'model_instructions_file="/tmp/i.md"',
      '-c',
      'model_providers.local={name = "local", base_url = "http://127.0.0.1:1/v1"}',
      '-c',
      'model_reasoning_effort="low"',
      '--output-schema',
      '/tmp/s.json',
      '--',
      'review this',
    ]);
    expect(stdinPrompt).toBeUndefined();
  });

  it('keeps the thread when ephemeral is false', () => {
    expect(buildExecArgs({ prompt: 'p', cwd: '/ws', ephemeral: false }).args).not.toContain('--ephemeral');
  });

  it('resumes a thread: exec flags first, then `resume -- <id> <prompt>`, never --ephemeral', () => {
    const { args } = buildExecArgs(
      { prompt: '-starts with a dash', cwd: '/ws', resumeThreadId: 'T-1', sandbox: 'workspace-write' },
      { outputSchemaFile: '/s.json' },
    );
    expect(args).toEqual([
      'exec',
      '--json',
      '--skip-git-repo-check',
      '-s',
      'workspace-write',
      '-C',
      '/ws',
      '--output-schema',
      '/s.json',
      'resume',
      '--',
      'T-1',
      '-starts with a dash',
    ]);
  });

  it('sends a prompt above the argv limit through stdin as `-`', () => {
    const big = 'x'.repeat(MAX_ARGV_PROMPT_BYTES + 1);
    const { args, stdinPrompt } = buildExecArgs({ prompt: big, cwd: '/ws' });
    expect(args[args.length - 1]).toBe('-');
    expect(args).not.toContain(big);
    expect(stdinPrompt).toBe(big);
    // Multi-byte characters count in bytes, not characters.
    const wide = 'é'.repeat(MAX_ARGV_PROMPT_BYTES / 2 + 1);
    expect(buildExecArgs({ prompt: wide, cwd: '/ws' }).stdinPrompt).toBe(wide);
  });

  it('refuses a config value that has no TOML form', () => {
    expect(() => buildExecArgs({ prompt: 'p', cwd: '/ws', config: { a: { b: null } } })).toThrow(
      'a.b: null has no TOML form',
    );
  });
});

describe('redactArgs', () => {
  it('hides secret-looking config values and shortens the prompt', () => {
    const prompt = 'p'.repeat(100);
    const shown = redactArgs(
      [
        'exec',
        '-c',
        'model_providers.x.http_headers={Authorization = "Bearer sk-1"}',
        '-c',
        'model_providers.x={name = "x", api_key = "sk-2", base_url = "http://h"}',
        '-c',
        'model="m"',
        '--',
        prompt,
      ],
      prompt,
    );
    expect(shown[2]).toBe('model_providers.x.http_headers=<redacted>');
    expect(shown[4]).toBe('model_providers.x={name = "x", api_key = "<redacted>", base_url = "http://h"}');
    expect(shown[6]).toBe('model="m"');
    expect(shown[8]).toBe(`${'p'.repeat(60)}… (100 chars)`);
    expect(shown.join(' ')).not.toMatch(/sk-[12]/);
  });
});
