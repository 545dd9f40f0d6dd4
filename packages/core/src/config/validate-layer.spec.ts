import { KNOWN_TOP_LEVEL_KEYS } from './known-keys';
import { loadSettings } from './load-settings';
import { configFixture, type ConfigFixture, errorOf } from './testing/config-fixture';

let fx: ConfigFixture;
beforeEach(() => (fx = configFixture()));
afterEach(() => fx.cleanup());

const load = (options?: Record<string, unknown>) =>
  loadSettings({ workspaceRoot: fx.workspace, codexHome: fx.home, env: {}, options });

describe('seed-guide keys and unknown keys', () => {
  it('warns about the seed guide keys with file:line and the right key or what to do', () => {
    const user = fx.write(
      'home/config.toml',
      [
        'model = "gpt-5"',
        'sandbox = "workspace-write"',
        'max_tokens = 8000',
        '',
        '[git]',
        'enabled = true',
        'auto_commit = false',
      ].join('\n'),
    );
    const { warnings } = load();
    expect(warnings.map((warning) => [warning.file, warning.line])).toEqual([
      [user, 2],
      [user, 3],
      [user, 5],
    ]);
    expect(warnings[0].message).toMatch(
      new RegExp(`^${user}:2: \`sandbox\` is not a Codex setting.*Rename it to \`sandbox_mode\``),
    );
    expect(warnings[1].message).toContain('`max_tokens` is not a Codex setting');
    expect(warnings[1].message).toContain('Remove it');
    expect(warnings[2].message).toContain('`[git]` is not a Codex setting');
    expect(warnings[2].message).toContain('Remove the table');
  });

  it('warns about unknown keys with a "did you mean" when one is close', () => {
    const workspace = fx.write(
      'ws/.codex/config.toml',
      'modle = "o3"\nsandbox_mod = "read-only"\ntotally_unrelated_thing = 1\n[model_providers]\n',
    );
    const { warnings } = load();
    expect(warnings).toHaveLength(4);
    expect(warnings[0]).toEqual({
      file: workspace,
      line: 1,
      message: expect.stringContaining('unknown Codex setting `modle`'),
    });
    expect(warnings[0].message).toContain('Did you mean `model`?');
    expect(warnings[1].message).toContain('Did you mean `sandbox_mode`?');
    expect(warnings[2].message).not.toContain('Did you mean');
    // model_providers is not taken from a project file by Codex.
    expect(warnings[3].message).toContain("`model_providers` is ignored in a project's .codex/config.toml");
  });

  it('warns about unknown provider keys and unknown option keys', () => {
    const user = fx.write(
      'home/config.toml',
      '[model_providers.local]\nname = "local"\nbase_url = "http://127.0.0.1:1/v1"\napi_key = "x"\nbase_ur = "y"\n',
    );
    const { warnings } = load({ modle: 'o3' });
    expect(warnings[0]).toEqual({
      file: user,
      line: 4,
      message: expect.stringContaining('unknown provider setting `api_key`'),
    });
    expect(warnings[1].message).toContain('Did you mean `base_url`?');
    expect(warnings[2]).toEqual({
      message: expect.stringMatching(/^executor option `modle`: unknown Codex setting `modle`.*Did you mean `model`\?/),
    });
  });

  it('accepts every key of the known list without a warning', () => {
    const tables = new Set(['analytics', 'features', 'tui', 'history']);
    const text = [...KNOWN_TOP_LEVEL_KEYS]
      .filter(
        (key) =>
          ![
            'profile',
            'profiles',
            'model_providers',
            'approval_policy',
            'sandbox_mode',
            'model_reasoning_effort',
            'plan_mode_reasoning_effort',
            'model_provider',
          ].includes(key) && !tables.has(key),
      )
      .map((key) => `${key} = "x"`)
      .join('\n');
    fx.write('home/config.toml', `${text}\n[features]\n[tui]\n`);
    expect(load().warnings).toEqual([]);
  });
});

describe('wrong types are errors with file:line', () => {
  const cases: Array<[string, string, number, RegExp]> = [
    ['model', 'model = "ok"\nmodel = 5', 0, /duplicate|redefine/],
    ['model', '\nmodel = 5\n', 2, /`model` must be a non-empty string, not the integer 5/],
    [
      'sandbox_mode',
      'sandbox_mode = "write"\n',
      1,
      /`sandbox_mode` must be one of "read-only" \| "workspace-write" \| "danger-full-access", not "write"/,
    ],
    [
      'approval_policy',
      'approval_policy = "always"\n',
      1,
      /`approval_policy` must be one of "untrusted" \| "on-failure" \| "on-request" \| "never", not "always"/,
    ],
    [
      'model_reasoning_effort',
      'model_reasoning_effort = 3\n',
      1,
      /`model_reasoning_effort` must be a non-empty string, not the integer 3/,
    ],
    [
      'base_url',
      '[model_providers.local]\nname = "local"\nbase_url = 8080\n',
      3,
      /`model_providers.local.base_url` must be a non-empty string, not the integer 8080/,
    ],
    [
      'wire_api',
      '[model_providers.local]\nname = "l"\nwire_api = "chat"\n',
      3,
      /`wire_api = "chat"` is no longer supported by Codex: set `wire_api = "responses"`/,
    ],
    ['reserved', '[model_providers.openai]\nbase_url = "http://x"\n', 1, /redefines the built-in provider `openai`/],
  ];
  it.each(cases)('%s', (_name, text, line, message) => {
    const user = fx.write('home/config.toml', text);
    const error = errorOf(() => load());
    expect(error.message).toMatch(message);
    expect(error.file).toBe(user);
    if (line) {
      expect(error.line).toBe(line);
      expect(error.message).toContain(`${user}:${line}: `);
      expect(error.message).toContain(`Fix it in ${user}.`);
    }
  });

  it('accepts the granular approval table and warns on an unknown reasoning effort', () => {
    const user = fx.write(
      'home/config.toml',
      'approval_policy = { granular = { rules = true, sandbox_approval = true, mcp_elicitations = false } }\nmodel_reasoning_effort = "hihg"\n',
    );
    const { settings, warnings } = load();
    expect(settings.approval_policy?.value).toEqual({
      granular: { rules: true, sandbox_approval: true, mcp_elicitations: false },
    });
    expect(warnings).toEqual([
      {
        file: user,
        line: 2,
        message: expect.stringContaining(
          '`model_reasoning_effort = "hihg"` is not a reasoning effort Codex 0.169.0 knows',
        ),
      },
    ]);
    expect(warnings[0].message).toContain('Did you mean `high`?');
  });

  it('names the executor option when an option has the wrong type', () => {
    const error = errorOf(() => load({ model_reasoning_effort: 3 }));
    expect(error.message).toMatch(
      /^executor option `model_reasoning_effort`: `model_reasoning_effort` must be a non-empty string/,
    );
    expect(error.file).toBeUndefined();
  });

  it('fails on a model_provider that is not defined, and on a provider without a name', () => {
    const user = fx.write(
      'home/config.toml',
      'model = "o3"\nmodel_provider = "locl"\n[model_providers.local]\nname = "local"\n',
    );
    const error = errorOf(() => load());
    expect(error.message).toContain(`${user}:2: model provider \`locl\` is not defined`);
    expect(error.message).toContain('Known providers: openai, ollama, lmstudio, amazon-bedrock, local.');
    fx.write('home/config.toml', '[model_providers.nameless]\nbase_url = "http://127.0.0.1:1/v1"\n');
    const nameless = errorOf(() => load());
    expect(nameless.message).toContain(`${user}:2: provider \`nameless\` has no \`name\``);
  });
});
